/** The board's keyboard shortcuts, as a component that renders nothing: Board.tsx loads
 * it on its own (a chunk of its own, not on the first screen's path) where the device has
 * a keyboard. It also takes the keyboard along with a card moved by "move to…". */
import { useCallback, useEffect, type MutableRefObject } from "react";
import type { Board, Card } from "../../../lib/api";
import { useBoardShortcuts, type BoardShortcuts } from "../hooks/useBoardShortcuts";
import { focusCard, gridOfBoard } from "../model/focus";
import { findCard } from "../model/ordering";

export interface Follow {
  cardId: number;
  columnId: number;
}

interface Props extends Omit<BoardShortcuts, "grid"> {
  board: Board;
  /** Which cards the columns show (model/filter.ts): the arrow keys go to those only. */
  shows?: ((card: Card) => boolean) | undefined;
  /** A card moved with "move to…": focused once it is drawn in its new column. */
  followRef: MutableRefObject<Follow | null>;
}

export default function BoardKeys({ board, shows, followRef, ...shortcuts }: Props) {
  // From the board, not the page: a long column draws only the tiles in view.
  const grid = useCallback(() => gridOfBoard(board, shows), [board, shows]);
  useBoardShortcuts({ ...shortcuts, grid });
  const { root } = shortcuts;
  useEffect(() => {
    const follow = followRef.current;
    if (!follow || !root.current) return;
    const card = findCard(board, follow.cardId);
    if (card?.column_id !== follow.columnId) return;
    followRef.current = null;
    focusCard(root.current, follow.cardId);
  }, [board, followRef, root]);
  return null;
}
