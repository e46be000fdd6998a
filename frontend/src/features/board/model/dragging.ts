/** Drag and drop of cards and of columns ("lanes") on one board: what is being dragged,
 * where it may land, and what a screen reader hears. Cards drop on cards and columns'
 * card lists; columns drop on columns only, left to right. */
import {
  closestCenter,
  closestCorners,
  type Announcements,
  type CollisionDetection,
  type DroppableContainer,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import type { Board } from "../../../lib/api";
import { dropTarget, findCard } from "./ordering";

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

/** What a screen reader hears while a card or a column is moved, by keyboard or pointer. */
export function announcements(board: Board): Announcements {
  const name = (value: unknown): string => {
    const item = dataOf(value);
    if (item?.type === "lane") return `column “${board.columns.find((c) => c.id === item.id)?.name ?? ""}”`;
    return `“${item ? (findCard(board, item.id)?.title ?? "card") : "card"}”`;
  };
  // "in Doing, position 2" for a card, "at position 2 of 4" for a column.
  const where = (active: unknown, over: unknown): string => {
    const a = dataOf(active);
    const o = dataOf(over);
    if (!a || !o) return "nowhere";
    if (a.type === "lane") {
      const index = board.columns.findIndex((c) => c.id === o.id);
      return index < 0 ? "nowhere" : `at position ${index + 1} of ${board.columns.length}`;
    }
    if (o.type === "lane") return "nowhere";
    const target = dropTarget(board, a.id, o);
    const column = board.columns.find((c) => c.id === target?.columnId);
    return target && column ? `in ${column.name}, position ${target.index + 1}` : "nowhere";
  };
  const keys = (value: unknown) =>
    dataOf(value)?.type === "lane" ? "the left and right arrow keys" : "the arrow keys";
  return {
    onDragStart: ({ active }) =>
      `Picked up ${name(active.data.current)}. Use ${keys(active.data.current)} to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => `${cap(name(active.data.current))} is over ${where(active.data.current, over?.data.current).replace(/^(in|at) /, "")}.`,
    onDragEnd: ({ active, over }) => `${cap(name(active.data.current))} dropped ${where(active.data.current, over?.data.current)}.`,
    onDragCancel: ({ active }) => `Moving ${name(active.data.current)} was cancelled.`,
  };
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
