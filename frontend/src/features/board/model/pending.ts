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
