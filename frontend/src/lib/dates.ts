/** Dates and times as people read them, in the viewer's time zone: the twin of the
 * server's backend/teamboard/web/dates.py. Both are tested on the same table of cases
 * (dates.cases.json), so the pages and the SPA say the same words. English names are
 * spelled out rather than taken from Intl: the two sides must agree to the letter.
 *
 * - A time: "Dec 12, 14:05" in the viewer's zone ("Dec 12, 2025, 14:05" in another year).
 * - A due date (a calendar day, no zone of its own) against today where the viewer is:
 *   "Today", "Tomorrow", "Yesterday", a weekday within the coming week, "Dec 12" (with the
 *   year when not this year), "2 days overdue"; with an urgency for its colour. */
import type { Card } from "./api";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export type Urgency = "overdue" | "soon" | "later";

export interface Due {
  /** What the tile shows: "Tomorrow", "2 days overdue". */
  text: string;
  /** overdue: red; soon (today, tomorrow): amber; later: neutral. */
  urgency: Urgency;
  /** "Friday, December 12, 2026": the title. */
  full: string;
  /** The whole phrase for a screen reader: "Due tomorrow, Friday, …". */
  spoken: string;
}

interface Day {
  year: number;
  month: number; // 1-12
  day: number;
}

/** The browser's own zone (IANA name), or null when it cannot tell. */
export function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A formatter of wall-clock parts in `zone`; UTC for none or one the browser lacks. */
function partsIn(zone: string | null | undefined): Intl.DateTimeFormat {
  const key = zone ?? "UTC";
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
      hourCycle: "h23",
    };
    try {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: key });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    if (formats.size < 64) formats.set(key, format);
  }
  return format;
}

function wallClock(moment: Date, zone: string | null | undefined) {
  const parts: Record<string, number> = {};
  for (const part of partsIn(zone).formatToParts(moment)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const get = (type: string) => parts[type] ?? 0;
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = ({ year, month, day }: Day) => `${year}-${pad(month)}-${pad(day)}`;
const parseDay = (text: string): Day => {
  const [year = 0, month = 1, day = 1] = text.split("-").map(Number);
  return { year, month, day };
};
const ordinal = ({ year, month, day }: Day) => Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
const weekday = (d: Day) => WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] ?? "";
const monthOf = (d: { month: number }) => MONTHS[d.month - 1] ?? "";

/** Today (YYYY-MM-DD) where the viewer is: in `zone`, else the browser's own zone. */
export function today(now = new Date(), zone?: string | null): string {
  if (zone === undefined) {
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
  return iso(wallClock(now, zone));
}

export function fullDay(text: string): string {
  const d = parseDay(text);
  return `${weekday(d)}, ${MONTH_NAMES[d.month - 1] ?? ""} ${d.day}, ${d.year}`;
}

/** How a due day (YYYY-MM-DD) reads on `todayText` (the viewer's own date). */
export function due(dueText: string, todayText: string): Due {
  const day = parseDay(dueText);
  const now = parseDay(todayText);
  const days = ordinal(day) - ordinal(now);
  const full = fullDay(dueText);
  if (days < -1) return { text: `${-days} days overdue`, urgency: "overdue", full, spoken: `Due ${full}, ${-days} days overdue` };
  if (days === -1) return { text: "Yesterday", urgency: "overdue", full, spoken: `Due yesterday, ${full}, 1 day overdue` };
  let text: string;
  let urgency: Urgency = "later";
  if (days === 0) [text, urgency] = ["Today", "soon"];
  else if (days === 1) [text, urgency] = ["Tomorrow", "soon"];
  else if (days < 7) text = weekday(day);
  else text = `${monthOf(day)} ${day.day}${day.year === now.year ? "" : `, ${day.year}`}`;
  const spoken = days < 2 ? `Due ${text.toLowerCase()}, ${full}` : `Due ${full}`;
  return { text, urgency, full, spoken };
}

/** `iso` where the viewer is, to the minute: "Dec 12, 14:05". */
export function localTime(isoTime: string, zone?: string | null, now = new Date()): string {
  const moment = new Date(isoTime);
  if (Number.isNaN(moment.getTime())) return "";
  const at = wallClock(moment, zone);
  const year = wallClock(now, zone).year;
  const day = `${monthOf(at)} ${at.day}${at.year === year ? "" : `, ${at.year}`}`;
  return `${day}, ${pad(at.hour)}:${pad(at.minute)}`;
}

/** Past its due day; a card due today is not overdue yet. */
export function isOverdue(card: Card, day = today()): boolean {
  return card.due_date !== null && card.due_date < day;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "3 minutes ago", "yesterday" — for feeds; "just now" under a minute. */
export function timeAgo(iso: string, now = new Date()): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 60) return "just now";
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return "just now";
}
