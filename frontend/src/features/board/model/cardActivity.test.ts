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
  it("tells checklist changes, a tick as completing, and names the item", () => {
    const item = { text: "Write notes", done: true };
    expect(cardEventWords({ type: "checklist_item.updated", data: { item, changed: ["done"] } })).toBe("completed a checklist item: “Write notes”");
    expect(cardEventWords({ type: "checklist_item.updated", data: { item, changed: ["text"] } })).toBe("edited a checklist item: “Write notes”");
    expect(cardEventWords({ type: "checklist_item.deleted", data: { converted_to: 4 } })).toBe("turned a checklist item into a card");
    expect(cardEventWords({ type: "checklist.created", data: {} })).toBe("added a checklist");
  });
});
