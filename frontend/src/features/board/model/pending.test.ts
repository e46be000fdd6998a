import { describe, expect, it } from "vitest";
import { board, card, event, layout } from "../../../test/fixtures";
import { applyEvent } from "./events";
import { removeCard } from "./ordering";
import { withMoves } from "./pending";

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
