/** A write to a board is done when its own event has reached the cached board. The server
 * sends that event to the tab that made the change as to everyone else, so a write never
 * puts its answer in the cache and nothing is refetched after it: server state enters the
 * board's cache by events only. Where no event will come now — the server offers no live
 * updates, or the socket is down or has not confirmed this board yet — or it is late, the
 * board is read again instead, as after a gap in the events. */
import { hashKey, type QueryClient } from "@tanstack/react-query";
import { ApiError, type Board, type CardRead as Card } from "../../../lib/api";
import { watchingBoard } from "../../../lib/live";
import { cardChanged, type Shows } from "../model/shows";
import { boardKeys } from "./keys";

/** What a write needs to know of the tab's live connection (lib/live.ts). */
export interface Live {
  watching: (boardId: number) => boolean;
}

export const tabLive: Live = { watching: watchingBoard };

/** How long a write waits for its event before the board is read again: the event comes
 * first or right after the answer on a working socket. */
export const EVENT_WAIT_MS = 3_000;

export interface Confirming {
  qc: QueryClient;
  boardId: number;
  live?: Live;
  waitMs?: number;
}

/** Resolves once the cached board `shows` the write (or is not cached at all). */
export function untilShown({ qc, boardId, live = tabLive, waitMs = EVENT_WAIT_MS }: Confirming, shows: Shows): Promise<void> {
  const key = boardKeys.detail(boardId);
  const shown = () => {
    const board = qc.getQueryData<Board>(key);
    return board === undefined || shows(board);
  };
  if (shown()) return Promise.resolve();
  if (!live.watching(boardId)) return reread(qc, boardId);
  const hash = hashKey(key);
  return new Promise((resolve) => {
    const stop = qc.getQueryCache().subscribe((event) => {
      if (event.query.queryHash === hash && shown()) done(Promise.resolve());
    });
    const timer = setTimeout(() => done(reread(qc, boardId)), waitMs);
    let finished = false;
    function done(then: Promise<void>) {
      if (finished) return;
      finished = true;
      stop();
      clearTimeout(timer);
      void then.then(resolve);
    }
  });
}

/** Sends a write; its answer once the board shows it. */
export async function confirmed<T>(confirming: Confirming, answer: Promise<T>, shows: (answer: T) => Shows): Promise<T> {
  const result = await answer;
  await untilShown(confirming, shows(result));
  return result;
}

/** After a failed write the board is as its events left it, which is right, unless the
 * failure says it is behind: a 409 names the card as the server has it now (its
 * `current`), changed by someone else — the board then waits for that change's event like
 * a write for its own (read again if it does not come); a 404 or another 409 only says
 * that something changed, so the board is read again. */
export function afterFailure(confirming: Confirming, error: unknown): void {
  const { qc, boardId, live = tabLive } = confirming;
  const current = error instanceof ApiError && error.status === 409 ? cardIn(error.problem.current) : null;
  if (current) void untilShown(confirming, cardChanged(current));
  else if (error instanceof ApiError && (error.status === 409 || error.status === 404)) void reread(qc, boardId);
  else if (!live.watching(boardId)) void reread(qc, boardId);
}

/** The card a 409 carries, if it is one (a card's move or change). */
function cardIn(value: unknown): Card | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<Record<keyof Card, unknown>>;
  const isCard = typeof v.id === "number" && typeof v.version === "number" && typeof v.column_id === "number";
  return isCard ? (value as Card) : null;
}

export function reread(qc: QueryClient, boardId: number): Promise<void> {
  return qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) });
}
