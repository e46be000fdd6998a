/** Moving the keyboard between cards with the arrow keys: up and down within a column,
 * left and right to the nearest column that has cards, at the same height or its last
 * card. The grid is read from the page (gridOf), so that a filtered board skips the cards
 * it hides, and the card the person is on is the one holding the focus. A long column
 * draws only the tiles in view (hooks/useVirtualCards.ts): there the grid comes from the
 * board (gridOfBoard), and a card not drawn is scrolled to by its column, then focused. */
import type { Board, Card } from "../../../lib/api";
import { isStandIn } from "./pending";

import { REVEAL } from "./reveal";

export { REVEAL };
/** How many frames a card scrolled to may take to be drawn. */
const DRAW_FRAMES = 30;

/** Card ids per column, left to right, top to bottom. */
export type Grid = readonly (readonly number[])[];
export type Direction = "up" | "down" | "left" | "right";

export const ARROWS: Record<string, Direction> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
};

/** The card to go to from `current` (none yet, or one no longer shown: the first card).
 * At an edge it stays on `current`; null only on a board without cards. */
export function nextCard(grid: Grid, current: number | null, direction: Direction): number | null {
  const column = current === null ? -1 : grid.findIndex((cards) => cards.includes(current));
  if (current === null || column < 0) return grid.find((cards) => cards.length > 0)?.[0] ?? null;
  const cards = grid[column] ?? [];
  const row = cards.indexOf(current);
  if (direction === "up") return cards[Math.max(0, row - 1)] ?? current;
  if (direction === "down") return cards[Math.min(cards.length - 1, row + 1)] ?? current;
  const step = direction === "left" ? -1 : 1;
  for (let i = column + step; i >= 0 && i < grid.length; i += step) {
    const other = grid[i] ?? [];
    if (other.length > 0) return other[Math.min(row, other.length - 1)] ?? current;
  }
  return current;
}

// -- the page's side: columns carry data-column-id, card tiles data-card-id ---------------

const COLUMN = "[data-column-id]";
const CARD = "[data-card-id]";

export function gridOf(root: ParentNode): Grid {
  return [...root.querySelectorAll(COLUMN)].map((column) =>
    [...column.querySelectorAll<HTMLElement>(CARD)].map((tile) => Number(tile.dataset.cardId)),
  );
}

/** The grid of the cards the columns show, drawn or not (cards added offline, which have
 * no page yet, left out as the page leaves them out). */
export function gridOfBoard(board: Board, shows?: (card: Card) => boolean): Grid {
  return board.columns.map((column) => column.cards.filter((c) => !isStandIn(c.id) && (!shows || shows(c))).map((c) => c.id));
}

/** The card tile holding the focus (its title link, its handle, ...), if any. */
export function focusedTile(root: ParentNode, active: Element | null = document.activeElement): HTMLElement | null {
  const tile = active?.closest<HTMLElement>(CARD) ?? null;
  return tile && root.contains(tile) ? tile : null;
}

export function focusedCardId(root: ParentNode): number | null {
  const tile = focusedTile(root);
  return tile ? Number(tile.dataset.cardId) : null;
}

/** Puts the focus on a card: on its title (which Enter follows), else the tile itself. A
 * tile not drawn is asked of the columns: the one holding it scrolls to it, and it is
 * focused once drawn (true then means that it is on its way). */
export function focusCard(root: ParentNode, cardId: number): boolean {
  const tile = tileOf(root, cardId);
  if (tile) return focusTile(tile);
  const asked = [...root.querySelectorAll(COLUMN)].map((column) => !column.dispatchEvent(new CustomEvent(REVEAL, { detail: cardId, cancelable: true })));
  if (!asked.includes(true)) return false;
  let frames = DRAW_FRAMES;
  const wait = () => {
    const drawn = tileOf(root, cardId);
    if (drawn) focusTile(drawn);
    else if (--frames > 0) requestAnimationFrame(wait);
  };
  requestAnimationFrame(wait);
  return true;
}

function tileOf(root: ParentNode, cardId: number): HTMLElement | null {
  return root.querySelector<HTMLElement>(`${CARD}[data-card-id="${cardId}"]`);
}

function focusTile(tile: HTMLElement): boolean {
  const target = tile.querySelector<HTMLElement>(".card-title") ?? tile;
  target.focus();
  target.scrollIntoView({ block: "nearest", inline: "nearest" });
  return document.activeElement === target;
}

/** The column of the focused card, else the first: where `n` adds a card. */
export function focusedColumn(root: ParentNode): HTMLElement | null {
  const tile = focusedTile(root);
  return tile?.closest<HTMLElement>(COLUMN) ?? root.querySelector<HTMLElement>(COLUMN);
}
