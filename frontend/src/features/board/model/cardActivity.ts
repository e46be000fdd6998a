/** A card's own activity told in words, as its server page tells it
 * (backend/teamboard/cards/card_activity.py): the card is the subject, so the words say
 * what happened to it ("moved it to Done"), not which card. */
import type { Board } from "../../../lib/api";

const VERBS: Record<string, string> = {
  "card.created": "added the card",
  "card.updated": "edited the card",
  "card.archived": "archived the card",
  "card.restored": "restored the card",
  "card.moved": "moved it",
  "comment.created": "commented",
  "comment.updated": "edited a comment",
  "comment.deleted": "deleted a comment",
  "comment.restored": "restored a comment",
  "checklist.created": "added a checklist",
  "checklist.updated": "updated a checklist",
  "checklist.deleted": "deleted a checklist",
  "checklist_item.created": "added a checklist item",
  "checklist_item.updated": "edited a checklist item",
  "checklist_item.deleted": "deleted a checklist item",
  "attachment.created": "attached a file",
  "attachment.deleted": "removed a file",
  "card.cover_changed": "changed the cover",
};

/** A tick and a conversion are told as such; an item is named. */
function checklistWords(type: string, verb: string, data: Record<string, unknown>): string {
  const item = data.item && typeof data.item === "object" ? (data.item as Record<string, unknown>) : {};
  const changed = Array.isArray(data.changed) ? data.changed : [];
  let words = verb;
  if (type === "checklist_item.updated" && changed.length === 1 && changed[0] === "done") {
    words = item.done === true ? "completed a checklist item" : "reopened a checklist item";
  }
  if (type === "checklist_item.deleted" && typeof data.converted_to === "number") words = "turned a checklist item into a card";
  return typeof item.text === "string" && item.text ? `${words}: “${item.text}”` : words;
}

interface EventLike {
  type: string;
  data: unknown;
}

export function cardEventWords(event: EventLike, board?: Board): string {
  const verb = VERBS[event.type] ?? "changed the card";
  const data = event.data && typeof event.data === "object" ? (event.data as Record<string, unknown>) : {};
  const card = data.card && typeof data.card === "object" ? (data.card as Record<string, unknown>) : {};
  const column = board?.columns.find((c) => c.id === card.column_id)?.name;
  if (event.type === "card.moved" && column) return `${verb} to ${column}`;
  if (event.type === "card.created" && column) return `${verb} in ${column}`;
  if (event.type.startsWith("checklist")) return checklistWords(event.type, verb, data);
  return verb;
}
