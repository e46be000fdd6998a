import type { Card } from "./api";

/** Today as the API writes dates (YYYY-MM-DD), in the viewer's own time zone. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Past its due day; a card due today is not overdue yet. */
export function isOverdue(card: Card, day = today()): boolean {
  return card.due_date !== null && card.due_date < day;
}
