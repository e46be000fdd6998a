/** A card's checklists as the card dialog holds them (the card read's `checklists`), and
 * what a checklist event does to them. Events carry whole items and checklist heads with
 * their positions, so applying one is exact; anything that does not fit (an item of a
 * checklist this tab does not have) answers null and the caller reads the card again. */
import type { Schemas } from "../../../lib/api";
import type { BoardEvent } from "../../../lib/protocol";

export type Checklist = Schemas["ChecklistRead"];
export type Item = Schemas["ItemRead"];
export type ChecklistEvent = Extract<BoardEvent, { type: `checklist.${string}` | `checklist_item.${string}` }>;

export const isChecklistEvent = (event: BoardEvent): event is ChecklistEvent =>
  event.type.startsWith("checklist.") || event.type.startsWith("checklist_item.");

function insertAt<T>(list: T[], value: T, at: number): T[] {
  const index = Math.max(0, Math.min(at, list.length));
  return [...list.slice(0, index), value, ...list.slice(index)];
}

const numbered = <T extends { position: number }>(list: T[]): T[] =>
  list.map((value, position) => (value.position === position ? value : { ...value, position }));

function withoutItem(checklists: Checklist[], itemId: number): Checklist[] {
  return checklists.map((c) =>
    c.items.some((i) => i.id === itemId) ? { ...c, items: numbered(c.items.filter((i) => i.id !== itemId)) } : c,
  );
}

/** `item` at its position in its checklist, taken from wherever it was. */
export function placeItem(checklists: Checklist[], item: Item): Checklist[] | null {
  if (!checklists.some((c) => c.id === item.checklist_id)) return null;
  const { id, checklist_id, card_id, text, done, position, assignee_id, due_at, created_at } = item;
  const clean = { id, checklist_id, card_id, text, done, position, assignee_id, due_at, created_at };
  return withoutItem(checklists, item.id).map((c) =>
    c.id === item.checklist_id ? { ...c, items: numbered(insertAt(c.items, clean, position)) } : c,
  );
}

export function applyChecklistEvent(checklists: Checklist[], event: ChecklistEvent): Checklist[] | null {
  switch (event.type) {
    case "checklist.created":
    case "checklist.updated": {
      const { id, card_id, title, position, created_at } = event.data.checklist;
      const existing = checklists.find((c) => c.id === id);
      const others = checklists.filter((c) => c.id !== id);
      const head = { id, card_id, title, position, created_at, items: existing?.items ?? [] };
      return numbered(insertAt(others, head, position));
    }
    case "checklist.deleted":
      return numbered(checklists.filter((c) => c.id !== event.data.id));
    case "checklist_item.created":
    case "checklist_item.updated":
      return placeItem(checklists, event.data.item);
    case "checklist_item.deleted":
      return withoutItem(checklists, event.data.id);
  }
}

/** Done of all, over every checklist of the card. */
export function progress(checklists: Checklist[]): { done: number; total: number } {
  const items = checklists.flatMap((c) => c.items);
  return { done: items.filter((i) => i.done).length, total: items.length };
}
