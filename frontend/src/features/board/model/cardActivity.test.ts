import { describe, expect, it } from "vitest";
import type { Board } from "../../../lib/api";
import { cardEventWords } from "./cardActivity";

const board = { columns: [{ id: 7, name: "Done" }] } as unknown as Board;

describe("cardEventWords", () => {
  it("names the column a card moved to", () => {
    expect(cardEventWords({ type: "card.moved", data: { card: { column_id: 7 } } }, board)).toBe("moved it to Done");
  });
  it("tells comments apart from edits", () => {
    expect(cardEventWords({ type: "comment.created", data: {} })).toBe("commented");
    expect(cardEventWords({ type: "card.updated", data: { card: {} } })).toBe("edited the card");
  });
});
