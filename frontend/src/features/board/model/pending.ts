/** This tab's card moves that are still on their way, shown over the board. The cached
 * board is the server's, as its events tell it; a move is a guess laid over it until its
 * own event has moved the card there too, and it stops being shown when it fails — that is
 * the rollback. */
import type { Board } from "../../../lib/api";
import { moveCard } from "./ordering";

/** A move as the person made it: `index` is the card's index in `columnId` after it. */
export interface PendingMove {
  cardId: number;
  columnId: number;
  index: number;
}

/** The board with the moves laid over it, oldest first. A move its event has already made
 * changes nothing; a card or column the board no longer has is left alone. */
export function withMoves(board: Board, moves: readonly PendingMove[]): Board {
  return moves.reduce((shown, move) => moveCard(shown, move.cardId, move.columnId, move.index), board);
}

/** A new order of the columns as the person made it: every column id, left to right. */
export interface PendingOrder {
  columnIds: number[];
}

/** The board with its columns in `order`; columns it does not name (added meanwhile) keep
 * their place after them, ids the board no longer has are skipped. */
export function withColumnOrder(board: Board, order: readonly number[]): Board {
  const byId = new Map(board.columns.map((c) => [c.id, c]));
  const named = order.flatMap((id) => {
    const column = byId.get(id);
    return column ? [column] : [];
  });
  const rest = board.columns.filter((c) => !order.includes(c.id));
  const columns = [...named, ...rest];
  if (columns.every((c, i) => c === board.columns[i])) return board;
  return { ...board, columns: columns.map((c, position) => (c.position === position ? c : { ...c, position })) };
}

/** The board as this tab shows it: the column orders, then the card moves, oldest first. */
export function shown(board: Board, orders: readonly PendingOrder[], moves: readonly PendingMove[]): Board {
  return withMoves(
    orders.reduce((b, o) => withColumnOrder(b, o.columnIds), board),
    moves,
  );
}
