/** Drag and drop of cards and of columns ("lanes") on one board: what is being dragged,
 * where it may land, and what a screen reader hears. Cards drop on cards and columns'
 * card lists; columns drop on columns only, left to right. */
import {
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
  return (lanes ? closestAcross : closestCorners)({ ...args, droppableContainers });
};

/** Columns sit side by side and differ in height: the nearest is the nearest across. */
const closestAcross: CollisionDetection = ({ collisionRect, droppableRects, droppableContainers }) => {
  const middle = collisionRect.left + collisionRect.width / 2;
  return droppableContainers
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      if (!rect) return [];
      const value = Math.abs(rect.left + rect.width / 2 - middle);
      return [{ id: container.id, data: { droppableContainer: container, value } }];
    })
    .sort((a, b) => a.data.value - b.data.value);
};

/** The arrow keys as the sortable lists have them, among the same kind of targets. */
export const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { active, droppableContainers: all } = args.context;
  const lanes = dataOf(active?.data.current)?.type === "lane";
  const kind = () => all.getEnabled().filter((c) => isLane(c) === lanes);
  // A column goes to the next column, one step a key: by corners, columns of different
  // heights could make a far one look nearer and the move skip a place.
  const step = lanes ? nextLane(event.code, args.context.collisionRect?.left, args.context.droppableRects) : null;
  const droppableContainers = {
    getEnabled: () => (step ? kind().filter((c) => c.id === step(kind())) : kind()),
    get: (id: Parameters<typeof all.get>[0]) => all.get(id),
  } as unknown as typeof all;
  return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers } });
};

type Rects = Parameters<KeyboardCoordinateGetter>[1]["context"]["droppableRects"];

/** For ArrowLeft/ArrowRight, picks among the columns the nearest one on that side of `left`. */
export function nextLane(code: string, left: number | undefined, rects: Rects) {
  const sign = code === "ArrowRight" ? 1 : code === "ArrowLeft" ? -1 : 0;
  if (!sign || left === undefined) return null;
  return (lanes: DroppableContainer[]) => {
    let best: DroppableContainer["id"] | null = null;
    let distance = Infinity;
    for (const lane of lanes) {
      const rect = rects.get(lane.id);
      const d = rect ? (rect.left - left) * sign : 0;
      if (d > 0 && d < distance) [best, distance] = [lane.id, d];
    }
    return best;
  };
}

/** The columns' order with `laneId` moved to where `overId` is. */
export function laneOrder(board: Board, laneId: number, overId: number): number[] | null {
  const ids = board.columns.map((c) => c.id);
  const from = ids.indexOf(laneId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return null;
  ids.splice(to, 0, ...ids.splice(from, 1));
  return ids;
}
