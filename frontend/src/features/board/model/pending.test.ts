import { describe, expect, it } from "vitest";
import { board, card, event, layout } from "../../../test/fixtures";
import { applyEvent } from "./events";
import { removeCard } from "./ordering";
import { ApiError } from "../../../lib/api";
import { laneOrder } from "./dragging";
import { isStandIn, pendingCards, rebase, refusalMessage, shown, withColumnOrder, withMoves, withPending, type PendingChange } from "./pending";

describe("withMoves", () => {
  const b = board({ 1: [11, 12], 2: [21] });

  it("shows the board itself when nothing is on its way", () => {
    expect(withMoves(b, [])).toBe(b);
  });

  it("lays the moves over the board in the order they were made", () => {
    const shown = withMoves(b, [
      { cardId: 11, columnId: 2, index: 0 },
      { cardId: 11, columnId: 2, index: 1 },
      { cardId: 12, columnId: 2, index: 0 },
    ]);
    expect(layout(shown)).toEqual({ 1: [], 2: [12, 21, 11] });
    expect(layout(b)).toEqual({ 1: [11, 12], 2: [21] }); // the cached board is untouched
  });

  it("adds nothing once the move's own event has made it", () => {
    const outcome = applyEvent(b, {
      ...event("card.moved", 11, { card: card(11, 2, 0, { version: 2 }), from_column_id: 1 }, { actor: null }),
      at: "",
    });
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    const shown = withMoves(outcome.board, [{ cardId: 11, columnId: 2, index: 0 }]);
    expect(shown).toEqual(outcome.board);
  });

  it("leaves a card alone that someone else deleted meanwhile", () => {
    const without = removeCard(b, 11);
    expect(layout(withMoves(without, [{ cardId: 11, columnId: 2, index: 0 }]))).toEqual({ 1: [12], 2: [21] });
  });
});

describe("withPending and pendingCards", () => {
  const b = board({ 1: [11, 12], 2: [21] });
  const base = { queued: true };

  it("adds a stand-in for a card added offline, at the end of its column, and marks it", () => {
    const changes: PendingChange[] = [{ ...base, id: 4, kind: "add", columnId: 2, title: "Offline idea" }];
    const shown = withPending(b, changes);
    expect(layout(shown)).toEqual({ 1: [11, 12], 2: [21, -4] });
    expect(isStandIn(-4)).toBe(true);
    expect(pendingCards(changes)).toEqual(new Set([-4]));
  });

  it("adds no stand-in online (the card's event brings it at once), nor to a column gone meanwhile", () => {
    expect(withPending(b, [{ id: 4, queued: false, kind: "add", columnId: 2, title: "x" }])).toEqual(b);
    expect(withPending(b, [{ ...base, id: 4, kind: "add", columnId: 9, title: "x" }])).toEqual(b);
  });

  it("shows a new title at once and marks the card; a comment only marks it", () => {
    const changes: PendingChange[] = [
      { ...base, id: 1, kind: "edit", cardId: 12, title: "Renamed", was: "Card 12" },
      { ...base, id: 2, kind: "comment", cardId: 21, body: "hi" },
      { id: 3, queued: false, kind: "move", move: { cardId: 11, columnId: 2, index: 0 } },
    ];
    const shown = withPending(b, changes);
    expect(shown.columns[0]!.cards.map((c) => c.title)).toEqual(["Renamed"]);
    expect(shown.columns[1]!.cards.map((c) => c.title)).toEqual(["Card 11", "Card 21"]);
    expect(pendingCards(changes)).toEqual(new Set([12, 21])); // the online move is not pending
  });
});

describe("rebase", () => {
  it("follows this tab's own writes to the card, and nothing else", () => {
    const steps = new Map([[1, 2], [2, 3]]);
    expect(rebase(1, steps)).toBe(3);
    expect(rebase(5, steps)).toBe(5); // someone else's version: still a conflict
    expect(rebase(1, undefined)).toBe(1);
  });
});

describe("refusalMessage", () => {
  it("names the change and says why, in words", () => {
    const rename: PendingChange = { id: 1, queued: true, kind: "edit", cardId: 12, title: "New", was: "Old" };
    expect(refusalMessage(rename, new ApiError(409, {}))).toBe(
      "Renaming “Old” to “New” was not saved: someone else changed this card meanwhile. The board shows the latest state.",
    );
    const add: PendingChange = { id: 2, queued: true, kind: "add", columnId: 3, title: "Idea" };
    expect(refusalMessage(add, new ApiError(404, {}))).toBe(
      "The new card “Idea” was not added: the card or its column was deleted meanwhile. The board shows the latest state.",
    );
  });
});

describe("a new order of the columns on its way", () => {
  const b = board({ 1: [11], 2: [21], 3: [31] });
  const ids = (x: typeof b) => x.columns.map((c) => [c.id, c.position]);

  it("puts the columns in that order, renumbered, cards travelling along", () => {
    const next = withColumnOrder(b, [3, 1, 2]);
    expect(ids(next)).toEqual([[3, 0], [1, 1], [2, 2]]);
    expect(next.columns[0]!.cards.map((c) => c.id)).toEqual([31]);
  });

  it("keeps a column added meanwhile after the ones it names, and skips a deleted one", () => {
    expect(ids(withColumnOrder(b, [2, 1]))).toEqual([[2, 0], [1, 1], [3, 2]]);
    expect(ids(withColumnOrder(b, [9, 3, 2, 1]))).toEqual([[3, 0], [2, 1], [1, 2]]);
  });

  it("changes nothing once the board has that order (its event came)", () => {
    expect(withColumnOrder(b, [1, 2, 3])).toBe(b);
  });

  it("lays the orders under the card moves", () => {
    const move = { id: 1, queued: false, kind: "move" as const, move: { cardId: 11, columnId: 3, index: 0 } };
    const next = shown(b, [{ columnIds: [2, 1, 3] }], [move]);
    expect(layout(next)).toEqual({ 2: [21], 1: [], 3: [11, 31] });
    expect(next.columns.map((c) => c.id)).toEqual([2, 1, 3]);
  });
});

describe("a column dropped on another", () => {
  const b = board({ 1: [], 2: [], 3: [], 4: [] });
  it("takes its place, the others shifting", () => {
    expect(laneOrder(b, 1, 3)).toEqual([2, 3, 1, 4]);
    expect(laneOrder(b, 4, 1)).toEqual([4, 1, 2, 3]);
    expect(laneOrder(b, 2, 2)).toBeNull();
    expect(laneOrder(b, 2, 9)).toBeNull();
  });
});
