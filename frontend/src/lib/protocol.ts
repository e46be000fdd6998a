/** The live protocol's messages (docs/realtime.md), as generated from the backend's
 * models (src/generated/api.ts, from the OpenAPI document): a change on either side that
 * the other does not share fails the type check. The live client only tells board events
 * from the rest; what an event does to a board is the board's business
 * (features/board/model/events.ts). */
import type { components } from "../generated/api";

type Messages = components["schemas"];

/** Everything the server sends over the socket. */
export type ServerMessage = Messages["ServerMessage"];

/** A board event: a change, with the board's gapless `seq` and who made it. */
export type BoardEvent = Extract<ServerMessage, { seq: number; actor: unknown; data: unknown }>;

/** What the tab's connection tells its listeners besides board events: the server's other
 * messages, and `socket.open`, which it sends itself. */
export type LiveMessage = Exclude<ServerMessage, BoardEvent> | { type: "socket.open" };

// Every board event's type, once: the compiler checks the list is complete and exact.
const BOARD_EVENT_TYPES: Record<BoardEvent["type"], true> = {
  "board.created": true,
  "board.updated": true,
  "board.imported": true,
  "board.copied": true,
  "board.deleted": true,
  "column.created": true,
  "column.updated": true,
  "column.moved": true,
  "column.deleted": true,
  "columns.reordered": true,
  "label.created": true,
  "label.updated": true,
  "label.deleted": true,
  "label.restored": true,
  "member.added": true,
  "member.updated": true,
  "member.removed": true,
  "member.restored": true,
  "checklist.created": true,
  "checklist.updated": true,
  "checklist.deleted": true,
  "checklist_item.created": true,
  "checklist_item.updated": true,
  "checklist_item.deleted": true,
  "invitation.sent": true,
  "invitation.revoked": true,
  "invitation.declined": true,
  "card.created": true,
  "card.updated": true,
  "card.archived": true,
  "card.restored": true,
  "card.moved": true,
  "card.deleted": true,
  "comment.created": true,
  "comment.updated": true,
  "comment.deleted": true,
  "comment.restored": true,
  "attachment.created": true,
  "attachment.deleted": true,
  "card.cover_changed": true,
};

export function isBoardEvent(value: unknown): value is BoardEvent {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === "string" &&
    Object.hasOwn(BOARD_EVENT_TYPES, v.type) &&
    typeof v.board_id === "number" &&
    typeof v.seq === "number" &&
    typeof v.data === "object" &&
    v.data !== null
  );
}
