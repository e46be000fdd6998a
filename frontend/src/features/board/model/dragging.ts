/** Drag and drop of cards and of columns ("lanes") on one board: what is being dragged,
 * where it may land, and what a screen reader hears. Cards drop on cards and columns'
 * card lists; columns drop on columns only, left to right. */
import {
  closestCenter,
  closestCorners,
  type CollisionDetection,
  type DroppableContainer,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import type { Board } from "../../../lib/api";

/** A dragged or hovered thing: a card, a column's card list, or a column itself. */
export type Item = { type: "card"; id: number } | { type: "column"; id: number } | { type: "lane"; id: number };

export function dataOf(value: unknown): Item | null {
  const v = value as { type?: string; id?: number } | undefined;
  const known = v?.type === "card" || v?.type === "column" || v?.type === "lane";
  return v && known && typeof v.id === "number" ? (v as Item) : null;
}

const isLane = (container: DroppableContainer) => dataOf(container.data.current)?.type === "lane";

/** A column lands among columns (nearest centre), a card among cards and card lists. */
export const collide: CollisionDetection = (args) => {
  const lanes = dataOf(args.active.data.current)?.type === "lane";
  const droppableContainers = args.droppableContainers.filter((c) => isLane(c) === lanes);
  return (lanes ? closestCenter : closestCorners)({ ...args, droppableContainers });
};

/** The arrow keys as the sortable lists have them, among the same kind of targets. */
export const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { active, droppableContainers: all } = args.context;
  const lanes = dataOf(active?.data.current)?.type === "lane";
  const droppableContainers = {
    getEnabled: () => all.getEnabled().filter((c) => isLane(c) === lanes),
    get: (id: Parameters<typeof all.get>[0]) => all.get(id),
  } as unknown as typeof all;
  return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers } });
};

/** The columns' order with `laneId` moved to where `overId` is. */
export function laneOrder(board: Board, laneId: number, overId: number): number[] | null {
  const ids = board.columns.map((c) => c.id);
  const from = ids.indexOf(laneId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return null;
  ids.splice(to, 0, ...ids.splice(from, 1));
  return ids;
}
