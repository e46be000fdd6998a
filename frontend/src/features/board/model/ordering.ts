/** Pure board edits shared by drag and drop, optimistic updates and live events.
 * Positions are 0-based indexes within a column, as the API reports them. */
import { asTile, type Board, type Card, type CardRead } from "../../../lib/api";

function renumber(cards: Card[]): Card[] {
  return cards.map((card, index) => (card.position === index ? card : { ...card, position: index }));
}

export function findCard(board: Board, cardId: number): Card | undefined {
  for (const column of board.columns) {
    const card = column.cards.find((c) => c.id === cardId);
    if (card) return card;
  }
  return undefined;
}

/** The board with `card` placed at `index` of its column (removed from wherever it was).
 * Inserting a card that is not on the board yet adds it. */
export function placeCard(board: Board, read: CardRead | Card, index: number): Board {
  if (!board.columns.some((column) => column.id === read.column_id)) return removeCard(board, read.id);
  const card = asTile(read, findCard(board, read.id));
  return {
    ...board,
    columns: board.columns.map((column) => {
      const others = column.cards.filter((c) => c.id !== card.id);
      if (column.id !== card.column_id) {
        return others.length === column.cards.length ? column : { ...column, cards: renumber(others) };
      }
      const at = Math.max(0, Math.min(index, others.length));
      return { ...column, cards: renumber([...others.slice(0, at), card, ...others.slice(at)]) };
    }),
  };
}

/** Moves a card to `columnId` at `index` (its index after the move). Unknown ids: unchanged. */
export function moveCard(board: Board, cardId: number, columnId: number, index: number): Board {
  const card = findCard(board, cardId);
  if (!card || !board.columns.some((column) => column.id === columnId)) return board;
  return placeCard(board, { ...card, column_id: columnId }, index);
}

export function removeCard(board: Board, cardId: number): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.cards.some((c) => c.id === cardId)
        ? { ...column, cards: renumber(column.cards.filter((c) => c.id !== cardId)) }
        : column,
    ),
  };
}

/** Replaces a card's fields in place, keeping its spot. */
export function replaceCard(board: Board, card: CardRead | Card): Board {
  const current = findCard(board, card.id);
  if (current?.column_id !== card.column_id) return placeCard(board, card, card.position);
  return placeCard(board, card, current.position);
}

/** Where a drop lands: over a card → that card's index in its column; over a column → its
 * end. Mirrors what the person saw: the dragged card takes the spot of the one under it.
 * On a filtered board the indexes are still those of the whole column: dropped on a card it
 * takes that card's place (before it coming from above, after it coming from below, as
 * unfiltered), the hidden cards keeping their order around it; dropped on a column's free
 * space it goes to the end of the column, after its hidden cards too. */
export function dropTarget(
  board: Board,
  activeId: number,
  over: { type: "card"; id: number } | { type: "column"; id: number },
): { columnId: number; index: number } | null {
  if (over.type === "column") {
    const column = board.columns.find((c) => c.id === over.id);
    if (!column) return null;
    const without = column.cards.filter((c) => c.id !== activeId);
    return { columnId: column.id, index: without.length };
  }
  const target = findCard(board, over.id);
  if (!target) return null;
  return { columnId: target.column_id, index: target.position };
}
