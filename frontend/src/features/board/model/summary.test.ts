import { describe, expect, it } from "vitest";
import { board } from "../../../test/fixtures";
import { summarise } from "./summary";

describe("dashboard summary", () => {
  it("counts cards per column, label and assignee, and the overdue ones", () => {
    const b = board({ 1: [11, 12], 2: [21], 3: [] });
    const [c11, c12] = b.columns[0]!.cards;
    Object.assign(c11!, { label_ids: [7], assignee_ids: [1], due_date: "2026-01-01" });
    Object.assign(c12!, { due_date: "2026-01-02" }); // due today: not overdue yet
    Object.assign(b.columns[1]!.cards[0]!, { label_ids: [7], due_date: "2025-12-31" });
    const s = summarise(b, "2026-01-02");
    expect(s.total).toBe(3);
    expect(s.overdue).toBe(2);
    expect(s.columns.map((c) => c.count)).toEqual([2, 1, 0]);
    expect(s.labels).toEqual([{ id: 7, name: "Bug", color: "#ff0000", count: 2 }]);
    expect(s.people).toEqual([{ id: 1, name: "Ann", count: 1 }]);
  });
});
