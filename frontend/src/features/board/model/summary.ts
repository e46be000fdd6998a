import type { Board } from "../../../lib/api";
import { isOverdue, today as localToday } from "../../../lib/dates";
import { viewerZone } from "../../../lib/viewer";

/** What the dashboard shows, from the board alone (so it follows every change at once). */
export function summarise(board: Board, today = localToday(new Date(), viewerZone())) {
  const cards = board.columns.flatMap((c) => c.cards);
  const count = (ids: (c: (typeof cards)[number]) => number[], id: number) => cards.filter((c) => ids(c).includes(id)).length;
  return {
    total: cards.length,
    overdue: cards.filter((c) => isOverdue(c, today)).length,
    columns: board.columns.map((c) => ({ id: c.id, name: c.name, count: c.cards.length })),
    labels: board.labels.map((l) => ({ id: l.id, name: l.name, color: l.color, count: count((c) => c.label_ids, l.id) })),
    people: board.members.map((m) => ({ id: m.user_id, name: m.display_name, count: count((c) => c.assignee_ids, m.user_id) })),
  };
}

