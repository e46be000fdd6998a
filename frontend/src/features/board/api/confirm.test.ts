import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type Board, type Card } from "../../../lib/api";
import { board, card, event, layout } from "../../../test/fixtures";
import { receiveEvent } from "../hooks/useLiveBoard";
import { cardAdded, cardChanged, cardGone, columnAdded, columnChanged, columnGone } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";
import { boardKeys } from "./keys";

const key = boardKeys.detail(1);
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function setup({ watching = true, waitMs = 60_000 } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const reads: number[] = [];
  qc.setQueryData(key, board({ 1: [11, 12], 2: [21] }));
  qc.setQueryDefaults(key, {
    queryFn: () => {
      reads.push(1);
      return board({ 1: [11, 12], 2: [21] }, 12);
    },
  });
  stops.push(new QueryObserver(qc, { queryKey: key }).subscribe(() => undefined));
  const cached = () => qc.getQueryData<Board>(key)!;
  return { qc, reads, cached, confirming: { qc, boardId: 1, live: { watching: () => watching }, waitMs } };
}

const updated = (seq: number, c: Card) => event("card.updated", seq, { card: c }, { actor: null });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a board write is done when its event has reached the board", () => {
  it("never writes the answer: the card changes by its event, and nothing is read again", async () => {
    const { qc, reads, cached, confirming } = setup();
    let state = "waiting";
    const renamed = card(11, 1, 0, { title: "Renamed", version: 2 });
    const done = confirmed(confirming, Promise.resolve(renamed), cardChanged).then(() => (state = "done"));
    await settle();
    expect([state, cached().columns[0]!.cards[0]!.title]).toEqual(["waiting", "Card 11"]);
    receiveEvent(qc, updated(11, renamed));
    await done;
    expect(cached().columns[0]!.cards[0]!.title).toBe("Renamed");
    expect(reads).toEqual([]);
  });

  it("is done at once when the event came first", async () => {
    const { qc, reads, confirming } = setup();
    const renamed = card(11, 1, 0, { title: "Renamed", version: 2 });
    receiveEvent(qc, updated(11, renamed));
    await confirmed(confirming, Promise.resolve(renamed), cardChanged);
    expect(reads).toEqual([]);
  });

  it("reads the board again where no event will come, or when it is late", async () => {
    for (const options of [{ watching: false }, { waitMs: 10 }]) {
      const { reads, cached, confirming } = setup(options);
      await confirmed(confirming, Promise.resolve(card(11, 1, 0, { version: 2 })), cardChanged);
      expect(reads).toEqual([1]);
      expect(cached().seq).toBe(12);
    }
  });

  it("after a failure reads the board again where no event will come, or when it is behind", async () => {
    const theirs = card(11, 2, 0, { version: 2 });
    const runs = [
      [{}, new ApiError(422, {})],
      [{ watching: false }, new ApiError(422, {})],
      [{}, new ApiError(409, { current: theirs })], // waits for that change's event
      [{ watching: false }, new ApiError(409, { current: theirs })],
      [{}, new ApiError(409, {})],
      [{}, new ApiError(404, {})],
    ] as const;
    const reads: number[][] = [];
    for (const [options, error] of runs) {
      const run = setup(options);
      afterFailure(run.confirming, error);
      await settle();
      reads.push(run.reads);
    }
    expect(reads).toEqual([[], [1], [], [1], [1], [1]]);
  });
});

describe("what shows a write", () => {
  const b = board({ 1: [11, 12], 2: [21] });
  const column = { id: 2, board_id: 1, name: "Column 2", wip_limit: null, position: 1, version: 1 };

  it("a new card or column: on the board", () => {
    expect([cardAdded(card(30, 1, 2))(b), cardAdded(card(11, 1, 0))(b)]).toEqual([false, true]);
    expect([columnAdded({ ...column, id: 3 })(b), columnAdded(column)(b)]).toEqual([false, true]);
  });

  it("a change: its version or a later one, or off the board since", () => {
    expect(cardChanged(card(11, 1, 0, { version: 2 }))(b)).toBe(false);
    expect(cardChanged(card(11, 1, 0, { version: 1 }))(b)).toBe(true);
    expect(cardChanged(card(99, 1, 0, { version: 2 }))(b)).toBe(true); // archived or deleted since
    expect([columnChanged({ ...column, version: 2 })(b), columnChanged(column)(b)]).toEqual([false, true]);
  });

  it("a deletion: gone from the board", () => {
    expect([cardGone(11)(b), cardGone(99)(b)]).toEqual([false, true]);
    expect([columnGone(2)(b), columnGone(9)(b)]).toEqual([false, true]);
    expect(layout(b)).toEqual({ 1: [11, 12], 2: [21] });
  });
});
