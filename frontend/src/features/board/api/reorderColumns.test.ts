import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type Board, type Schemas } from "../../../lib/api";
import { board, event } from "../../../test/fixtures";
import { receiveEvent } from "../hooks/useLiveBoard";
import { shownBoard } from "./board";
import { boardKeys } from "./keys";
import { reorderColumnsOptions } from "./reorderColumns";

type ColumnRead = Schemas["ColumnRead"];
const key = boardKeys.detail(1);
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function setup(send: () => Promise<ColumnRead[]>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const server = board({ 1: [11], 2: [21], 3: [] });
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
  const options = reorderColumnsOptions({ qc, boardId: 1, send, onError: (m) => messages.push(m), live: { watching: () => true }, waitMs: 60_000 });
  return {
    qc,
    messages,
    reads,
    observer: new MutationObserver(qc, options),
    shown: () => shownBoard(qc, 1)!.columns.map((c) => c.id),
    cached: () => qc.getQueryData<Board>(key)!.columns.map((c) => c.id),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const answer = (ids: number[]): ColumnRead[] =>
  ids.map((id, position) => ({ id, board_id: 1, name: `Column ${id}`, wip_limit: null, position, version: 1 }));

describe("a new order of the columns: the guess, then the event", () => {
  it("shows the order at once, with the cards travelling along, and is done by its event", async () => {
    let reply!: (columns: ColumnRead[]) => void;
    const { qc, observer, shown, cached, reads } = setup(() => new Promise((resolve) => (reply = resolve)));
    const done = observer.mutate({ columnIds: [3, 1, 2] });
    await settle();
    expect(shown()).toEqual([3, 1, 2]);
    expect(shownBoard(qc, 1)!.columns.map((c) => [c.position, c.cards.map((card) => card.id)])).toEqual([[0, []], [1, [11]], [2, [21]]]);
    expect(cached()).toEqual([1, 2, 3]); // the cache is the server's until the event
    reply(answer([3, 1, 2]));
    await settle();
    expect(observer.getCurrentResult().isPending).toBe(true);
    receiveEvent(qc, event("columns.reordered", 11, { column_ids: [3, 1, 2] }));
    await done;
    expect(cached()).toEqual([3, 1, 2]);
    expect(shown()).toEqual([3, 1, 2]);
    expect(reads).toEqual([]);
  });

  it("rolls back when refused, with a message, and reads the board when it is behind", async () => {
    const { observer, shown, messages, reads } = setup(() =>
      Promise.reject(new ApiError(422, { detail: "Some fields are invalid" })),
    );
    await observer.mutate({ columnIds: [2, 1, 3] }).catch(() => undefined);
    await settle();
    expect(shown()).toEqual([1, 2, 3]);
    expect(messages).toEqual([
      "The columns changed meanwhile (one was added or deleted); the board now shows the latest order.",
    ]);
    expect(reads).toEqual([10]);
  });

  it("rolls back on a refusal of rights without reading again (the socket keeps it current)", async () => {
    const { observer, shown, messages, reads } = setup(() =>
      Promise.reject(new ApiError(403, { detail: "You need the editor role" })),
    );
    await observer.mutate({ columnIds: [2, 1, 3] }).catch(() => undefined);
    await settle();
    expect(shown()).toEqual([1, 2, 3]);
    expect(messages[0]).toContain("You need the editor role");
    expect(messages[0]).toContain("They are back where they were.");
    expect(reads).toEqual([]);
  });
});
