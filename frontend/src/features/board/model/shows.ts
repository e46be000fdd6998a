/** Whether a board already shows a write the server has answered: what a write waits for
 * before it is done (api/confirm.ts). The board changes by events, in the order the server
 * made the changes, so a later change to the same card or column also means that the
 * write's own event has come. */
import type { Board, CardRead as Card, Schemas } from "../../../lib/api";
import { findCard } from "./ordering";

type ColumnRead = Schemas["ColumnRead"];
export type Shows = (board: Board) => boolean;

const columnOf = (board: Board, columnId: number) => board.columns.find((c) => c.id === columnId);

/** A new card is on the board. */
export const cardAdded =
  (card: Card): Shows =>
  (board) =>
    findCard(board, card.id) !== undefined;

/** A changed or moved card has its answered version or a later one, or has left the board
 * (archived by this write, or archived or deleted by a later one). */
export const cardChanged =
  (card: Card): Shows =>
  (board) =>
    (findCard(board, card.id)?.version ?? Infinity) >= card.version;

export const cardGone =
  (cardId: number): Shows =>
  (board) =>
    findCard(board, cardId) === undefined;

export const columnAdded =
  (column: ColumnRead): Shows =>
  (board) =>
    columnOf(board, column.id) !== undefined;

export const columnChanged =
  (column: ColumnRead): Shows =>
  (board) =>
    (columnOf(board, column.id)?.version ?? Infinity) >= column.version;

export const columnGone =
  (columnId: number): Shows =>
  (board) =>
    columnOf(board, columnId) === undefined;

/** The columns stand in the answered order (or a later event has reordered them again,
 * which the wait's time limit settles by reading the board). */
export const columnsInOrder =
  (columns: readonly ColumnRead[]): Shows =>
  (board) =>
    board.columns.length === columns.length && board.columns.every((c, i) => c.id === columns[i]?.id);
