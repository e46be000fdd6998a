/** This tab's changes that are still on their way, shown over the board. The cached board
 * is the server's, as its events tell it; a change is a guess laid over it until its own
 * event has made it there too, and it stops being shown when it fails — that is the
 * rollback. A change made while offline waits (TanStack Query pauses it) and is marked
 * "pending" on its tile until the server has it, or has refused it. */
import { ApiError, type Board, type Card } from "../../../lib/api";
import { findCard, moveCard, replaceCard } from "./ordering";

/** A move as the person made it: `index` is the card's index in `columnId` after it. */
export interface PendingMove {
  cardId: number;
  columnId: number;
  index: number;
}

interface Base {
  /** The write's own number (TanStack's mutation id): a new card's stand-in is `-id`. */
  id: number;
  /** Made while offline: kept, marked pending, sent when back online. */
  queued: boolean;
}

export type PendingChange = Base &
  (
    | { kind: "move"; move: PendingMove; title?: string }
    | { kind: "add"; columnId: number; title: string }
    | { kind: "edit"; cardId: number; title?: string; was?: string }
    | { kind: "comment"; cardId: number; body: string; title?: string }
  );

/** The board with the moves laid over it, oldest first. A move its event has already made
 * changes nothing; a card or column the board no longer has is left alone. */
export function withMoves(board: Board, moves: readonly PendingMove[]): Board {
  return moves.reduce((shown, move) => moveCard(shown, move.cardId, move.columnId, move.index), board);
}

/** The board with every change on its way laid over it, in the order they were made: moves
 * and new titles at once; a card added while offline as a stand-in at the end of its
 * column (online, its event brings the real one within a moment). */
export function withPending(board: Board, changes: readonly PendingChange[]): Board {
  return changes.reduce((shown, change) => {
    switch (change.kind) {
      case "move":
        return moveCard(shown, change.move.cardId, change.move.columnId, change.move.index);
      case "edit": {
        const card = findCard(shown, change.cardId);
        return card && change.title ? replaceCard(shown, { ...card, title: change.title }) : shown;
      }
      case "add":
        return change.queued ? withStandIn(shown, change.columnId, standIn(shown, change)) : shown;
      case "comment":
        return shown; // comments are not on the board
    }
  }, board);
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

/** The board as this tab shows it: the column orders, then the other changes, oldest first. */
export function shown(board: Board, orders: readonly PendingOrder[], changes: readonly PendingChange[]): Board {
  return withPending(
    orders.reduce((b, o) => withColumnOrder(b, o.columnIds), board),
    changes,
  );
}

/** The cards to mark "pending": those with a change made offline that is not saved yet. */
export function pendingCards(changes: readonly PendingChange[]): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const change of changes) {
    if (!change.queued) continue;
    if (change.kind === "move") ids.add(change.move.cardId);
    else if (change.kind === "add") ids.add(-change.id);
    else ids.add(change.cardId);
  }
  return ids;
}

/** A card added offline has no id yet: its stand-in has a negative one, never the server's. */
export const isStandIn = (cardId: number) => cardId < 0;

function standIn(board: Board, change: { id: number; columnId: number; title: string }): Card {
  const column = board.columns.find((c) => c.id === change.columnId);
  const now = new Date().toISOString();
  return {
    id: -change.id,
    board_id: board.id,
    column_id: change.columnId,
    title: change.title,
    description: "",
    position: column?.cards.length ?? 0,
    due_date: null,
    archived: false,
    label_ids: [],
    assignee_ids: [],
    creator_id: null,
    comment_count: 0,
    checklist_done: 0,
    checklist_total: 0,
    has_description: false,
    version: 0,
    created_at: now,
    updated_at: now,
  };
}

function withStandIn(board: Board, columnId: number, card: Card): Board {
  if (!board.columns.some((c) => c.id === columnId)) return board; // the column is gone
  return {
    ...board,
    columns: board.columns.map((c) => (c.id === columnId ? { ...c, cards: [...c.cards, card] } : c)),
  };
}

/** The version to send for a change made on `version`: this tab's own earlier writes to the
 * card (sent meanwhile, in order) moved it on from there — a second move of a card moved
 * offline must not be refused as a conflict with the first. `steps` maps a version this tab
 * wrote on to the version its write produced; anyone else's change still conflicts. */
export function rebase(version: number, steps: ReadonlyMap<number, number> | undefined): number {
  let current = version;
  for (let hops = 0; steps?.has(current) && hops < 1000; hops += 1) current = steps.get(current) ?? current;
  return current;
}

/** Why the server refused a change sent on reconnecting, for the person who made it. */
function reason(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return "someone else changed this card meanwhile";
    if (error.status === 404) return "the card or its column was deleted meanwhile";
    if (error.status === 403) return "you may no longer change this board";
    if (error.status === 0) return "the server could not be reached";
  }
  return error instanceof Error ? error.message : "the server refused it";
}

/** What a change was, in the person's words. */
function describe(change: PendingChange): string {
  const named = (title: string | undefined) => (title ? `“${title}”` : "a card");
  switch (change.kind) {
    case "move":
      return `Your move of ${named(change.title)} was not saved`;
    case "add":
      return `The new card “${change.title}” was not added`;
    case "edit":
      return change.title
        ? `Renaming ${named(change.was)} to “${change.title}” was not saved`
        : `Your changes to ${named(change.was)} were not saved`;
    case "comment":
      return `Your comment on ${named(change.title)} was not saved`;
  }
}

/** Which change of the person's was not saved, and why; the board shows the server's state. */
export function refusalMessage(change: PendingChange, error: unknown): string {
  return `${describe(change)}: ${reason(error)}. The board shows the latest state.`;
}
