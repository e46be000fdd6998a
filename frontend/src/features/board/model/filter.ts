/** The board's filter: which cards a person wants to see, kept in the address
 * (`?q=&label=&assignee=&due=`) so that a filtered board can be shared and survives a
 * reload. The same rules as the server's (backend teamboard/cards/filtering.py), case by
 * case: the page without JavaScript, the islands and the SPA show the same cards.
 *
 * The board itself is never filtered: the cache keeps every card, and the columns show the
 * ones that match. So live events, drag and drop and the dashboard work on the whole board,
 * and a card that starts or stops matching (a live rename, a new label) appears or goes. */
import type { Card } from "../../../lib/api";
import { today as localToday } from "../../../lib/dates";

export type Due = "overdue" | "week" | "none";
export const DUE_CHOICES: readonly { value: Due; label: string }[] = [
  { value: "overdue", label: "Overdue" },
  { value: "week", label: "Due this week" },
  { value: "none", label: "No due date" },
];

export interface Filter {
  q: string;
  label: number | null;
  assignee: number | null;
  due: Due | null;
}

export const NO_FILTER: Filter = { q: "", label: null, assignee: null, due: null };
const MAX_TEXT = 200;
const MAX_ID = 2 ** 31 - 1;

const isDue = (value: string): value is Due => DUE_CHOICES.some((choice) => choice.value === value);

function id(raw: string | null): number | null {
  const text = raw ?? "";
  if (!/^[0-9]+$/.test(text)) return null;
  const number = Number(text);
  return number >= 1 && number <= MAX_ID ? number : null;
}

/** The filter an address asks for. What the server would refuse is ignored here: the
 * board shows, unfiltered by that part, rather than an error. */
export function parseFilter(params: URLSearchParams): Filter {
  const due = (params.get("due") ?? "").trim();
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_TEXT),
    label: id(params.get("label")),
    assignee: id(params.get("assignee")),
    due: isDue(due) ? due : null,
  };
}

/** `params` with the filter's values set and blank ones removed (other parameters kept). */
export function filterParams(filter: Filter, params = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  const values: [keyof Filter, string][] = [
    ["q", filter.q.trim()],
    ["label", filter.label === null ? "" : String(filter.label)],
    ["assignee", filter.assignee === null ? "" : String(filter.assignee)],
    ["due", filter.due ?? ""],
  ];
  for (const [name, value] of values) {
    if (value) out.set(name, value);
    else out.delete(name);
  }
  return out;
}

export const isFiltering = (filter: Filter) =>
  filter.q.trim() !== "" || filter.label !== null || filter.assignee !== null || filter.due !== null;

/** "YYYY-MM-DD" plus `days` days, in the calendar (no time zone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/** Every part that is set must hold: the text is in the title or the description (letter
 * case aside), the card has the label, the person is assigned to it, and its due date is
 * past (`overdue`: before today; due today is not overdue yet), within the week (`week`:
 * today and the six days after) or absent (`none`). */
export function matches(card: Card, filter: Filter, today = localToday()): boolean {
  const q = filter.q.trim().toLowerCase();
  if (q && !card.title.toLowerCase().includes(q) && !card.description.toLowerCase().includes(q)) return false;
  if (filter.label !== null && !card.label_ids.includes(filter.label)) return false;
  if (filter.assignee !== null && !card.assignee_ids.includes(filter.assignee)) return false;
  if (filter.due === null) return true;
  if (filter.due === "none") return card.due_date === null;
  if (card.due_date === null) return false;
  if (filter.due === "overdue") return card.due_date < today;
  return card.due_date >= today && card.due_date <= addDays(today, 6);
}

/** A predicate for the columns: every card when nothing is filtered. */
export function cardFilter(filter: Filter, today = localToday()): (card: Card) => boolean {
  if (!isFiltering(filter)) return () => true;
  return (card) => matches(card, filter, today);
}
