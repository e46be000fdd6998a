import { MutationObserver, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ApiError, type Board, type Card } from "../../../lib/api";
import { board, card, layout } from "../../../test/fixtures";
import { boardKeys } from "./keys";
import { moveCardOptions, type MoveVars } from "./moveCard";

function setup(send: (v: MoveVars) => Promise<Card>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.setQueryData(boardKeys.detail(1), board({ 1: [11, 12], 2: [21] }));
  const messages: string[] = [];
  // Refetching after the move has nothing to fetch from here: keep the cache as it is.
  qc.setQueryDefaults(boardKeys.detail(1), { queryFn: () => qc.getQueryData<Board>(boardKeys.detail(1))! });
  const observer = new MutationObserver(qc, moveCardOptions(qc, send, (m) => messages.push(m)));
  const current = () => layout(qc.getQueryData<Board>(boardKeys.detail(1))!);
  return { qc, observer, messages, current };
}

const vars: MoveVars = { boardId: 1, cardId: 11, columnId: 2, index: 0, version: 1 };

describe("optimistic move", () => {
  it("shows the move before the server answers, then keeps the server's card", async () => {
    let answer!: (c: Card) => void;
    const { observer, current, qc } = setup(() => new Promise((resolve) => (answer = resolve)));
    const done = observer.mutate(vars);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(current()).toEqual({ 1: [12], 2: [11, 21] }); // before any answer
    answer(card(11, 2, 0, { version: 2 }));
    await done;
    expect(current()).toEqual({ 1: [12], 2: [11, 21] });
    expect(qc.getQueryData<Board>(boardKeys.detail(1))!.columns[1]!.cards[0]!.version).toBe(2);
  });

  it("rolls back and explains a 409 conflict", async () => {
    const { observer, current, messages } = setup(() =>
      Promise.reject(new ApiError(409, { title: "Conflict", detail: "stale version", current: {} })),
    );
    await observer.mutate(vars).catch(() => undefined);
    expect(current()).toEqual({ 1: [11, 12], 2: [21] });
    expect(messages).toEqual(["Someone else changed this card meanwhile; the board now shows the latest state."]);
  });

  it("rolls back on any other error too", async () => {
    const { observer, current, messages } = setup(() =>
      Promise.reject(new ApiError(0, { detail: "The server cannot be reached; try again." })),
    );
    await observer.mutate(vars).catch(() => undefined);
    expect(current()).toEqual({ 1: [11, 12], 2: [21] });
    expect(messages[0]).toContain("cannot be reached");
  });
});
