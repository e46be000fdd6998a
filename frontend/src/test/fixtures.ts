import type { Board, Card } from "../lib/api";
import type { BoardEvent } from "../lib/protocol";

let nextId = 1000;

export function card(id: number, columnId: number, position: number, extra: Partial<Card> = {}): Card {
  return {
    id,
    board_id: 1,
    column_id: columnId,
    title: `Card ${id}`,
    description: "",
    position,
    due_date: null,
    archived: false,
    label_ids: [],
    assignee_ids: [],
    creator_id: 1,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    comment_count: 0,
    checklist_done: 0,
    checklist_total: 0,
    has_description: false,
    ...extra,
  };
}

/** A board whose columns hold the given card ids, in order. */
export function board(layout: Record<number, number[]>, seq = 10): Board {
  return {
    id: 1,
    name: "Test",
    description: "",
    archived: false,
    is_template: false,
    role: "owner",
    seq,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    labels: [{ id: 7, board_id: 1, name: "Bug", color: "#ff0000" }],
    members: [{ user_id: 1, display_name: "Ann", email: "ann@example.com", role: "owner" }],
    columns: Object.entries(layout).map(([columnId, ids], position) => ({
      id: Number(columnId),
      board_id: 1,
      name: `Column ${columnId}`,
      wip_limit: null,
      position,
      version: 1,
      cards: ids.map((id, index) => card(id, Number(columnId), index)),
    })),
  };
}

export function layout(b: Board): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const column of b.columns) {
    out[column.id] = column.cards.map((c) => c.id);
    column.cards.forEach((c, index) => {
      if (c.position !== index || c.column_id !== column.id) throw new Error(`card ${c.id} misplaced`);
    });
  }
  return out;
}

export const uid = () => ++nextId;

/** What an event of ``T`` carries, as the protocol has it. */
export type DataOf<T extends BoardEvent["type"]> = Extract<BoardEvent, { type: T }>["data"];

/** A board event of ``type`` with its ``data``, typed as the protocol has it. */
export function event<T extends BoardEvent["type"]>(
  type: T,
  seq: number,
  data: DataOf<T>,
  extra: { board_id?: number; actor?: BoardEvent["actor"] } = {},
): BoardEvent {
  return {
    type,
    board_id: extra.board_id ?? 1,
    seq,
    actor: extra.actor === undefined ? { id: 2, display_name: "Bo" } : extra.actor,
    data,
    at: "2026-01-01T00:00:00Z",
  } as BoardEvent;
}
