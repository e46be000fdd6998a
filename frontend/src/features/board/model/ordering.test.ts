import { describe, expect, it } from "vitest";
import { board, card, layout } from "../../../test/fixtures";
import { dropTarget, moveCard, placeCard, removeCard, replaceCard } from "./ordering";

describe("moveCard", () => {
  const b = board({ 1: [11, 12, 13], 2: [21, 22] });

  it("reorders within a column (index is the card's index after the move)", () => {
    expect(layout(moveCard(b, 11, 1, 2))).toEqual({ 1: [12, 13, 11], 2: [21, 22] });
    expect(layout(moveCard(b, 13, 1, 0))).toEqual({ 1: [13, 11, 12], 2: [21, 22] });
  });

  it("moves across columns and renumbers both", () => {
    const moved = moveCard(b, 12, 2, 1);
    expect(layout(moved)).toEqual({ 1: [11, 13], 2: [21, 12, 22] });
    expect(moved.columns[1]!.cards[1]!.column_id).toBe(2);
  });

  it("clamps an index past the end", () => {
    expect(layout(moveCard(b, 11, 2, 99))).toEqual({ 1: [12, 13], 2: [21, 22, 11] });
  });

  it("leaves the board alone for unknown cards or columns and never mutates its input", () => {
    const before = JSON.stringify(b);
    expect(moveCard(b, 99, 1, 0)).toBe(b);
    expect(moveCard(b, 11, 99, 0)).toBe(b);
    moveCard(b, 11, 2, 0);
    expect(JSON.stringify(b)).toBe(before);
  });

  it("keeps untouched columns identical (cheap re-render)", () => {
    const moved = moveCard(b, 11, 1, 1);
    expect(moved.columns[1]).toBe(b.columns[1]);
  });
});

describe("placeCard / removeCard / replaceCard", () => {
  const b = board({ 1: [11, 12], 2: [] });

  it("inserts a new card at its position", () => {
    expect(layout(placeCard(b, card(30, 2, 0), 0))).toEqual({ 1: [11, 12], 2: [30] });
  });

  it("drops a card whose column is not on the board", () => {
    expect(layout(placeCard(b, card(11, 99, 0), 0))).toEqual({ 1: [12], 2: [] });
  });

  it("removes and closes the gap", () => {
    expect(layout(removeCard(b, 11))).toEqual({ 1: [12], 2: [] });
  });

  it("replaces fields but keeps the spot", () => {
    const next = replaceCard(b, card(11, 1, 5, { title: "Renamed" }));
    expect(layout(next)).toEqual({ 1: [11, 12], 2: [] });
    expect(next.columns[0]!.cards[0]!.title).toBe("Renamed");
  });
});

describe("dropTarget", () => {
  const b = board({ 1: [11, 12, 13], 2: [21] });

  it("over a card: that card's index in its column", () => {
    expect(dropTarget(b, 11, { type: "card", id: 13 })).toEqual({ columnId: 1, index: 2 });
    expect(dropTarget(b, 11, { type: "card", id: 21 })).toEqual({ columnId: 2, index: 0 });
  });

  it("over a column: its end, not counting the dragged card", () => {
    expect(dropTarget(b, 11, { type: "column", id: 2 })).toEqual({ columnId: 2, index: 1 });
    expect(dropTarget(b, 11, { type: "column", id: 1 })).toEqual({ columnId: 1, index: 2 });
  });

  it("unknown targets: nothing", () => {
    expect(dropTarget(b, 11, { type: "column", id: 9 })).toBeNull();
    expect(dropTarget(b, 11, { type: "card", id: 9 })).toBeNull();
  });
});
