import { describe, expect, it } from "vitest";
import { event as boardEvent, type DataOf } from "../../../test/fixtures";
import { applyChecklistEvent, progress, type Checklist, type ChecklistEvent, type Item } from "./checklists";

const event = <T extends ChecklistEvent["type"]>(type: T, seq: number, data: DataOf<T>) =>
  boardEvent(type, seq, data) as ChecklistEvent;

const at = "2026-12-05T10:00:00Z";
const item = (id: number, checklistId: number, position: number, extra: Partial<Item> = {}): Item => ({
  id, checklist_id: checklistId, card_id: 9, text: `Item ${id}`, done: false, position, assignee_id: null, due_at: null, created_at: at, ...extra,
});
const list = (id: number, position: number, items: Item[]): Checklist => ({ id, card_id: 9, title: `List ${id}`, position, created_at: at, items });
const progressOf = { done: 0, total: 0 };
const ids = (checklists: Checklist[]) => checklists.map((c) => [c.id, c.items.map((i) => i.id)]);

describe("checklist events on a card's checklists", () => {
  const start = [list(1, 0, [item(10, 1, 0), item(11, 1, 1), item(12, 1, 2)]), list(2, 1, [item(20, 2, 0)])];

  it("adds, moves within and across checklists, ticks and deletes items", () => {
    let next = applyChecklistEvent(start, event("checklist_item.created", 5, { item: item(13, 2, 0), card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[1, [10, 11, 12]], [2, [13, 20]]]);
    next = applyChecklistEvent(next, event("checklist_item.updated", 6, { item: item(12, 1, 0, { done: true }), card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[1, [12, 10, 11]], [2, [13, 20]]]);
    expect(next[0]!.items.map((i) => i.position)).toEqual([0, 1, 2]);
    next = applyChecklistEvent(next, event("checklist_item.updated", 7, { item: item(10, 2, 5), card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[1, [12, 11]], [2, [13, 20, 10]]]);
    expect(progress(next)).toEqual({ done: 1, total: 5 });
    next = applyChecklistEvent(next, event("checklist_item.deleted", 8, { id: 20, checklist_id: 2, card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[1, [12, 11]], [2, [13, 10]]]);
  });

  it("adds, moves and deletes checklists, keeping their items", () => {
    const head = { id: 3, card_id: 9, title: "New", position: 0, created_at: at };
    let next = applyChecklistEvent(start, event("checklist.created", 5, { checklist: head, card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[3, []], [1, [10, 11, 12]], [2, [20]]]);
    next = applyChecklistEvent(next, event("checklist.updated", 6, { checklist: { ...head, id: 1, title: "Renamed", position: 2 }, card_id: 9, progress: progressOf }))!;
    expect(ids(next)).toEqual([[3, []], [2, [20]], [1, [10, 11, 12]]]);
    expect(next[2]!.title).toBe("Renamed");
    next = applyChecklistEvent(next, event("checklist.deleted", 7, { id: 3, card_id: 9, progress: progressOf }))!;
    expect(next.map((c) => [c.id, c.position])).toEqual([[2, 0], [1, 1]]);
  });

  it("asks for a read when an item's checklist is not known", () => {
    expect(applyChecklistEvent(start, event("checklist_item.created", 5, { item: item(30, 99, 0), card_id: 9, progress: progressOf }))).toBeNull();
  });
});
