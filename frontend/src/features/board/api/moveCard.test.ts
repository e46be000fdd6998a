import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type Board, type Card } from "../../../lib/api";
import type { BoardEvent } from "../../../lib/protocol";
import { board, card, event, layout } from "../../../test/fixtures";
import { receiveEvent } from "../hooks/useLiveBoard";
import { shownBoard } from "./board";
import { boardKeys } from "./keys";
import { moveCardOptions, type MoveVars } from "./moveCard";

const key = boardKeys.detail(1);
const vars: MoveVars = { cardId: 11, columnId: 2, index: 0, version: 1 };
const moved = (seq: number, c: Card): BoardEvent =>
  event("card.moved", seq, { card: c, from_column_id: 1 }, { actor: { id: 1, display_name: "Ann" } });
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A board on screen (an observer, as a mounted component is), its server, and a move. */
function setup(send: (v: MoveVars) => Promise<Card>, { watching = true, waitMs = 60_000 } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  let server = board({ 1: [11, 12], 2: [21] });
  const reads: number[] = [];
  qc.setQueryData(key, server);
  qc.setQueryDefaults(key, {
    queryFn: () => {
      reads.push(server.seq);
      return server;
    },
  });
  stops.push(new QueryObserver(qc, { queryKey: key }).subscribe(() => undefined));
  const messages: string[] = [];
  const options = moveCardOptions({
    qc,
    boardId: 1,
    send,
    onError: (m) => messages.push(m),
    live: { watching: () => watching },
    waitMs,
  });
  const observer = new MutationObserver(qc, options);
  return {
    qc,
    observer,
    messages,
    reads,
    cached: () => layout(qc.getQueryData<Board>(key)!),
    shown: () => layout(shownBoard(qc, 1)!),
    /** The server's state after the move, as a read would answer. */
    serverMoves: (c: Card) => {
      server = { ...board({ 1: [12], 2: [11, 21] }, 11) };
      server.columns[1]!.cards[0] = c;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a card move: the guess, then the event", () => {
  it("shows the move at once, before the server answers, without writing it into the cache", async () => {
    const { observer, cached, shown } = setup(() => new Promise(() => undefined));
    void observer.mutate(vars);
    await settle();
    expect(shown()).toEqual({ 1: [12], 2: [11, 21] });
    expect(cached()).toEqual({ 1: [11, 12], 2: [21] }); // the cache holds the server's board
  });

  it("takes the server's state from the move's event only, not from the answer, and reads nothing", async () => {
    let answer!: (c: Card) => void;
    const { qc, observer, cached, shown, reads } = setup(() => new Promise((resolve) => (answer = resolve)));
    const done = observer.mutate(vars);
    await settle();
    answer(card(11, 2, 0, { version: 2 }));
    await settle();
    // Answered, its event not here yet: still the guess on screen, the cache as it was.
    expect(observer.getCurrentResult().isPending).toBe(true);
    expect(shown()).toEqual({ 1: [12], 2: [11, 21] });
    expect(qc.getQueryData<Board>(key)!.columns[0]!.cards[0]!.version).toBe(1);
    receiveEvent(qc, moved(11, card(11, 2, 0, { version: 2 })));
    await done;
    expect(cached()).toEqual({ 1: [12], 2: [11, 21] });
    expect(shown()).toEqual(cached());
    const board = qc.getQueryData<Board>(key)!;
    expect([board.seq, board.columns[1]!.cards[0]!.version]).toEqual([11, 2]); // for the next move
    await settle();
    expect(reads).toEqual([]); // no refetch: the event said it all
  });

  it("is done at once when the event came before the answer (as the server sends them)", async () => {
    let answer!: (c: Card) => void;
    const { qc, observer, shown, reads } = setup(() => new Promise((resolve) => (answer = resolve)));
    const done = observer.mutate(vars);
    await settle();
    receiveEvent(qc, moved(11, card(11, 2, 0, { version: 2 })));
    answer(card(11, 2, 0, { version: 2 }));
    await done;
    expect(shown()).toEqual({ 1: [12], 2: [11, 21] });
    expect(reads).toEqual([]);
  });

  const conflict = (current: unknown) => new ApiError(409, { title: "Conflict", detail: "stale version", current });
  const theirs = card(11, 1, 1, { version: 2 }); // someone else moved it below 12 first

  it("rolls back and explains a 409; the change that beat it comes as its event", async () => {
    const { qc, observer, cached, shown, messages, reads } = setup(() => Promise.reject(conflict(theirs)));
    await observer.mutate(vars).catch(() => undefined);
    expect(shown()).toEqual({ 1: [11, 12], 2: [21] });
    expect(messages).toEqual(["Someone else changed this card meanwhile; the board now shows the latest state."]);
    receiveEvent(qc, moved(11, theirs));
    expect(shown()).toEqual({ 1: [12, 11], 2: [21] });
    expect(cached()).toEqual(shown());
    await settle();
    expect(reads).toEqual([]);
  });

  it("reads the board again after a 409 where that change's event will not come", async () => {
    for (const [current, watching] of [[theirs, false], [{}, true]] as const) {
      const { observer, shown, reads, serverMoves } = setup(
        () => {
          serverMoves(card(11, 2, 0, { version: 2 })); // the change, unseen here
          return Promise.reject(conflict(current));
        },
        { watching },
      );
      await observer.mutate({ ...vars, index: 1 }).catch(() => undefined); // below 21, not above
      await settle();
      expect(reads).toEqual([11]);
      expect(shown()).toEqual({ 1: [12], 2: [11, 21] }); // where the card really is
    }
  });

  it("rolls back on any other error too, and reads nothing while the events come", async () => {
    const { observer, shown, messages, reads } = setup(() =>
      Promise.reject(new ApiError(0, { detail: "The server cannot be reached; try again." })),
    );
    await observer.mutate(vars).catch(() => undefined);
    expect(shown()).toEqual({ 1: [11, 12], 2: [21] });
    expect(messages[0]).toContain("cannot be reached");
    await settle();
    expect(reads).toEqual([]);
  });

  it("keeps a move that fails from undoing a change that came meanwhile", async () => {
    let fail!: (e: Error) => void;
    const { qc, observer, shown } = setup(() => new Promise((_, reject) => (fail = reject)));
    const done = observer.mutate(vars).catch(() => undefined);
    await settle();
    receiveEvent(qc, { ...moved(11, card(30, 1, 2)), type: "card.created", data: { card: card(30, 1, 2) } });
    fail(new ApiError(422, { detail: "position: not a number" }));
    await done;
    expect(shown()).toEqual({ 1: [11, 12, 30], 2: [21] });
  });

  it("reads the board again where no event will come (live updates not offered)", async () => {
    const { observer, shown, reads, serverMoves } = setup(
      (v) => {
        serverMoves(card(v.cardId, 2, 0, { version: 2 }));
        return Promise.resolve(card(v.cardId, 2, 0, { version: 2 }));
      },
      { watching: false },
    );
    await observer.mutate(vars);
    expect(reads).toEqual([11]);
    expect(shown()).toEqual({ 1: [12], 2: [11, 21] });
  });

  it("reads the board again when the event is late", async () => {
    const { observer, shown, reads, serverMoves } = setup(
      (v) => {
        serverMoves(card(v.cardId, 2, 0, { version: 2 }));
        return Promise.resolve(card(v.cardId, 2, 0, { version: 2 }));
      },
      { waitMs: 20 },
    );
    await observer.mutate(vars);
    expect(reads).toEqual([11]);
    expect(shown()).toEqual({ 1: [12], 2: [11, 21] });
  });
});
