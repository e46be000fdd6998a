/** What a screen reader hears while a card or a column is moved (dnd-kit's live region).
 * Loaded just after the board is on screen (components/Board.tsx), not on its first path. */
import type { Announcements } from "@dnd-kit/core";
import type { Board } from "../../../lib/api";
import { dataOf } from "./dragging";
import { moveWords } from "./moveWords";
import { dropTarget, findCard } from "./ordering";

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
  return moveWords({
    name: (active) => name(active.data.current),
    where: (active, over) => where(active.data.current, over?.data.current),
    keys: (active) => keys(active.data.current),
  });
}
