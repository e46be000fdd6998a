/** The live protocol's messages as the browser reads them (docs/realtime.md): the board
 * events, which carry the board's gapless `seq`, and whatever else the server pushes. The
 * live client only tells them apart; what an event does to a board is the board's business
 * (features/board/model/events.ts). */

export interface BoardEvent {
  type: string;
  board_id: number;
  seq: number;
  actor: { id: number; display_name: string } | null;
  data: Record<string, unknown>;
  at: string;
}

/** A message that is not a board event: `presence`, `notification`, `notification.read`,
 * and `socket.open`, which the tab's connection sends its listeners itself. */
export interface LiveMessage {
  type: string;
  board_id?: number;
  [key: string]: unknown;
}

export function isBoardEvent(value: unknown): value is BoardEvent {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === "string" &&
    typeof v.board_id === "number" &&
    typeof v.seq === "number" &&
    typeof v.data === "object" &&
    v.data !== null
  );
}
