import type { LiveMessage } from "../../../lib/protocol";
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyLive, markedRead } from "./cache";
import { notificationKeys } from "./keys";
import type { Notification, NotificationPage } from "./notifications";

const note = (id: number, read_at: string | null = null): Notification => ({
  id,
  kind: "assigned",
  board_id: 1,
  card_id: 10 + id,
  actor_id: 2,
  actor_name: "Ada",
  card_title: `Card ${id}`,
  board_name: "Launch",
  excerpt: null,
  due_date: null,
  created_at: "2026-01-01T10:00:00Z",
  read_at,
});
const page = (items: Notification[], unread: number, total = items.length): NotificationPage => ({ items, unread, total, limit: 10, offset: 0 });

describe("live notifications in the cache", () => {
  it("puts a pushed notification on top and counts it unread, once", () => {
    const qc = new QueryClient();
    qc.setQueryData(notificationKeys.recent, page([note(1, "2026-01-01T11:00:00Z")], 0));
    const message = { type: "notification" as const, data: note(2) };
    for (let i = 0; i < 2; i++) {
      const next = applyLive(qc.getQueryData<NotificationPage>(notificationKeys.recent)!, message);
      qc.setQueryData(notificationKeys.recent, next);
    }
    const cached = qc.getQueryData<NotificationPage>(notificationKeys.recent)!;
    expect(cached.items.map((n) => n.id)).toEqual([2, 1]);
    expect(cached.unread).toBe(1);
    expect(cached.total).toBe(2);
  });

  it("marks read what another tab marked, and asks for a refetch for ids it does not hold", () => {
    const start = page([note(3), note(2), note(1)], 5, 7);
    const some = applyLive(start, { type: "notification.read", data: { ids: [2] } })!;
    expect(some.unread).toBe(4);
    expect(some.items.find((n) => n.id === 2)!.read_at).not.toBeNull();
    expect(applyLive(some, { type: "notification.read", data: { ids: [2] } })!.unread).toBe(4); // already read
    expect(applyLive(start, { type: "notification.read", data: { ids: [99] } })).toBeNull();
    const all = applyLive(start, { type: "notification.read", data: { ids: "all" } })!;
    expect(all.unread).toBe(0);
    expect(all.items.every((n) => n.read_at !== null)).toBe(true);
    // A shape this client does not know (the types say it cannot come): refetch.
    const odd = { type: "notification.read", data: { ids: "some" } } as unknown as LiveMessage;
    expect(applyLive(start, odd)).toBeNull();
  });

  it("keeps only the newest page", () => {
    const full = page(Array.from({ length: 10 }, (_, i) => note(10 - i)), 0, 10);
    expect(markedRead(full, [], "x").complete).toBe(true);
    const next = applyLive(full, { type: "notification", data: note(11) })!;
    expect(next.items).toHaveLength(10);
    expect(next.items[0]!.id).toBe(11);
  });
});
