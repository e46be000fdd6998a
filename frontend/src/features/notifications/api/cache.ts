/** Keeping the cached page of notifications true to what the server pushes and answers. */
import type { LiveMessage } from "../../../lib/protocol";
import { RECENT, type Notification, type NotificationPage } from "./notifications";

export interface Change {
  page: NotificationPage;
  complete: boolean;
}

/** A new notification goes on top (once: a refetch may already have it). */
export function added(page: NotificationPage, note: Notification): NotificationPage {
  if (page.items.some((item) => item.id === note.id)) return page;
  return {
    ...page,
    items: [note, ...page.items].slice(0, RECENT),
    total: page.total + 1,
    unread: page.unread + (note.read_at === null ? 1 : 0),
  };
}

/** Notifications marked read (`"all"` or some ids). `complete` is false when an id is not
 * on the page: whether it was unread is unknown, so the caller refetches the count. */
export function markedRead(page: NotificationPage, ids: number[] | "all", at: string): Change {
  if (ids === "all") {
    return { page: { ...page, unread: 0, items: page.items.map((n) => (n.read_at ? n : { ...n, read_at: at })) }, complete: true };
  }
  const wanted = new Set(ids);
  let cleared = 0;
  const items = page.items.map((n) => {
    if (!wanted.has(n.id)) return n;
    wanted.delete(n.id);
    if (n.read_at) return n;
    cleared += 1;
    return { ...n, read_at: at };
  });
  return { page: { ...page, items, unread: Math.max(0, page.unread - cleared) }, complete: wanted.size === 0 };
}

function isNotification(value: unknown): value is Notification {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "number" && typeof v.card_id === "number" && typeof v.created_at === "string";
}

/** Applies a live message; null when the page must be refetched instead. */
export function applyLive(page: NotificationPage, message: LiveMessage, now = new Date()): NotificationPage | null {
  if (message.type === "notification" && isNotification(message.data)) return added(page, message.data);
  if (message.type === "notification.read") {
    const ids = (message.data as { ids?: unknown } | undefined)?.ids;
    if (ids !== "all" && !(Array.isArray(ids) && ids.every((id) => typeof id === "number"))) return null;
    const change = markedRead(page, ids, now.toISOString());
    return change.complete ? change.page : null;
  }
  return page;
}
