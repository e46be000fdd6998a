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
  "attachment.created": "attached a file",
  "attachment.deleted": "removed a file",
  "card.cover_changed": "changed the cover",
};

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
  return verb;
}
