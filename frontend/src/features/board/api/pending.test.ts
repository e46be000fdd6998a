import { MutationObserver, onlineManager, QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type Board, type Card } from "../../../lib/api";
import { board, layout } from "../../../test/fixtures";
import { findCard, moveCard } from "../model/ordering";
import { shownBoard } from "./board";
import { boardKeys } from "./keys";
import { moveCardOptions, type MoveVars } from "./moveCard";
import { boardWrite, pendingChanges, refusalOf } from "./pending";

const key = boardKeys.detail(1);
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  onlineManager.setOnline(true);
});

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A board on screen, and a small server that checks versions as the real one does. */
function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.mount(); // as QueryClientProvider does: paused writes resume when the network is back
  stops.push(() => qc.unmount());
  let server = board({ 1: [11, 12], 2: [21] });
  const sent: string[] = [];
  qc.setQueryData(key, server);
  qc.setQueryDefaults(key, { queryFn: () => server });
  stops.push(new QueryObserver(qc, { queryKey: key }).subscribe(() => undefined));

  const bump = (next: Board, cardId: number): Card => {
    const found = findCard(next, cardId)!;
    const changed = { ...found, version: found.version + 1 };
    server = { ...next, seq: next.seq + 1, columns: next.columns.map((c) => ({ ...c, cards: c.cards.map((x) => (x.id === cardId ? changed : x)) })) };
    return changed;
  };
  const send = (v: MoveVars): Promise<Card> => {
    sent.push(`move ${v.cardId} v${v.version}`);
    const current = findCard(server, v.cardId);
    if (!current) return Promise.reject(new ApiError(404, {}));
    if (current.version !== v.version) return Promise.reject(new ApiError(409, { current }));
    return Promise.resolve(bump(moveCard(server, v.cardId, v.columnId, v.index), v.cardId));
  };
  // No socket in these tests: each write reads the board again once sent (api/confirm.ts).
  const live = { watching: () => false };
  const move = () => new MutationObserver(qc, moveCardOptions({ qc, boardId: 1, send, live }));
  const add = () =>
    new MutationObserver(qc, {
      ...boardWrite(1, "add"),
      mutationFn: (v: { columnId: number; title: string }) => {
        sent.push(`add ${v.title}`);
        const at = (c: { cards: Card[] }) => ({ ...findCard(server, 21)!, id: 30, title: v.title, column_id: v.columnId, position: c.cards.length });
        server = { ...server, seq: server.seq + 1, columns: server.columns.map((c) => (c.id === v.columnId ? { ...c, cards: [...c.cards, at(c)] } : c)) };
        return qc.invalidateQueries({ queryKey: key });
      },
    });
  /** Someone else changes a card on the server meanwhile. */
  const elsewhere = (cardId: number) => bump(server, cardId);
  return { qc, sent, move, add, elsewhere, shown: () => layout(shownBoard(qc, 1)!), server: () => layout(server) };
}

describe("changes made offline", () => {
  it("wait, shown over the board and marked pending, with a stand-in for a new card", async () => {
    const { qc, sent, move, add, shown } = setup();
    onlineManager.setOnline(false);
    void move().mutate({ cardId: 11, columnId: 2, index: 0, version: 1, title: "Card 11" }).catch(() => undefined);
    void add().mutate({ columnId: 1, title: "Written on the train" });
    await settle();
    expect(sent).toEqual([]);
    const changes = pendingChanges(qc, 1);
    expect(changes.map((c) => [c.kind, c.queued])).toEqual([["move", true], ["add", true]]);
    const standIn = -changes[1]!.id;
    expect(shown()).toEqual({ 1: [12, standIn], 2: [11, 21] });
    expect(findCard(shownBoard(qc, 1)!, standIn)?.title).toBe("Written on the train");
  });

  it("are sent when the network is back, in the order they were made; a card moved twice is no conflict with itself", async () => {
    const { qc, sent, move, add, shown, server } = setup();
    onlineManager.setOnline(false);
    void move().mutate({ cardId: 11, columnId: 2, index: 0, version: 1 });
    void add().mutate({ columnId: 1, title: "New" });
    void move().mutate({ cardId: 11, columnId: 2, index: 1, version: 1 }); // the version seen before the first
    await settle();
    onlineManager.setOnline(true);
    await settle();
    expect(sent).toEqual(["move 11 v1", "add New", "move 11 v2"]);
    expect(server()).toEqual({ 1: [12, 30], 2: [21, 11] });
    expect(shown()).toEqual(server()); // the server's board, nothing pending
    expect(pendingChanges(qc, 1)).toEqual([]);
    expect(qc.getMutationCache().getAll().map(refusalOf)).toEqual([null, null, null]);
  });

  it("refused on reconnecting: the person is told which, and the board shows the server's state", async () => {
    const { qc, sent, move, elsewhere, shown, server } = setup();
    onlineManager.setOnline(false);
    void move().mutate({ cardId: 12, columnId: 2, index: 0, version: 1, title: "Card 12" }).catch(() => undefined);
    await settle();
    expect(shown()).toEqual({ 1: [11], 2: [12, 21] });
    elsewhere(12); // renamed by someone else meanwhile: version 2
    onlineManager.setOnline(true);
    await settle();
    expect(sent).toEqual(["move 12 v1"]);
    expect(shown()).toEqual(server());
    expect(shown()).toEqual({ 1: [11, 12], 2: [21] });
    const refusals = qc.getMutationCache().getAll().map(refusalOf);
    expect(refusals.map((r) => r?.message)).toEqual([
      "Your move of “Card 12” was not saved: someone else changed this card meanwhile. The board shows the latest state.",
    ]);
  });

  it("online, a write is never marked pending nor reported as refused here (the form says it)", async () => {
    const { qc, move } = setup();
    const observer = move();
    const done = observer.mutate({ cardId: 99, columnId: 2, index: 0, version: 1 }).catch(() => undefined);
    expect(pendingChanges(qc, 1).map((c) => c.queued)).toEqual([false]);
    await done;
    expect(qc.getMutationCache().getAll().map(refusalOf)).toEqual([null]);
  });
});
