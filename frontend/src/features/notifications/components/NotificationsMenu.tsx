/** The header's bell: unread count, the newest notifications, mark read. Kept live by the
 * tab's one socket, which stays open on every page while someone is signed in. */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { timeAgo } from "../../../lib/dates";
import { LocalTime } from "../../../lib/LocalTime";
import { useLiveMessages } from "../../../lib/live";
import type { LiveMessage } from "../../../lib/protocol";
import { applyLive } from "../api/cache";
import { useMarkAllRead } from "../api/markAllRead";
import { useMarkRead } from "../api/markRead";
import { notificationKeys } from "../api/keys";
import { useNotifications, type Notification, type NotificationPage } from "../api/notifications";
import "./notifications.css";
import { ListSkeleton } from "../../../lib/Skeleton";

export function NotificationsMenu({ signedIn }: { signedIn: boolean }) {
  const qc = useQueryClient();
  const page = useNotifications(signedIn);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const opened = useRef(false);
  const onMessage = useCallback(
    (message: LiveMessage) => {
      if (message.type === "socket.open") {
        // A reconnection: notifications may have come and gone meanwhile.
        if (opened.current) void qc.invalidateQueries({ queryKey: notificationKeys.recent });
        opened.current = true;
        return;
      }
      if (message.type !== "notification" && message.type !== "notification.read") return;
      const current = qc.getQueryData<NotificationPage>(notificationKeys.recent);
      const next = current ? applyLive(current, message) : null;
      if (next) qc.setQueryData(notificationKeys.recent, next);
      else void qc.invalidateQueries({ queryKey: notificationKeys.recent });
    },
    [qc],
  );
  useLiveMessages(onMessage, signedIn);

  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("mousedown", away);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", away);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  const unread = page.data?.unread ?? 0;
  return (
    <div className="notifications" ref={root}>
      <button
        ref={button}
        type="button"
        className="notifications-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications, ${unread} unread`}
        onClick={() => setOpen(!open)}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 2a6 6 0 0 0-6 6v4l-2 3v1h16v-1l-2-3V8a6 6 0 0 0-6-6zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3z" />
        </svg>
        {/* No badge at all with nothing unread: a "0" reads as something to look at. */}
        {unread > 0 && <span className="notifications-count" data-unread="true">{unread}</span>}
      </button>
      {open && <Panel id={panelId} page={page.data} error={page.error} onClose={() => setOpen(false)} />}
    </div>
  );
}

function Panel({ id, page, error, onClose }: { id: string; page?: NotificationPage; error: Error | null; onClose: () => void }) {
  const markAll = useMarkAllRead();
  return (
    <section id={id} className="notifications-panel" aria-label="Notifications">
      <div className="notifications-head">
        <h2>Notifications</h2>
        <button
          type="button"
          className="link-button"
          disabled={!page || page.unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          Mark all read
        </button>
      </div>
      {error && <p className="flash flash-error" role="alert">Could not load notifications: {error.message}</p>}
      {!page && !error && <ListSkeleton what="your notifications" rows={3} />}
      {page?.items.length === 0 && <p className="muted">Nothing yet. You will hear when someone assigns or mentions you.</p>}
      {page && page.items.length > 0 && (
        <ul className="notifications-list">
          {page.items.map((note) => <Item key={note.id} note={note} onOpen={onClose} />)}
        </ul>
      )}
    </section>
  );
}

/** What the person did; reminders have no one behind them. */
const ACTIONS: Record<Notification["kind"], string | null> = {
  assigned: "assigned you to",
  mentioned: "mentioned you on",
  commented: "commented on",
  due_soon: null,
  overdue: null,
};

function Item({ note, onOpen }: { note: Notification; onOpen: () => void }) {
  const markRead = useMarkRead();
  const what = ACTIONS[note.kind];
  const open = () => {
    if (!note.read_at) markRead.mutate(note.id);
    onOpen();
  };
  return (
    <li className="notification" data-unread={note.read_at === null}>
      <p>
        {what ? <><strong>{note.actor_name}</strong> {what}{" "}</> : null}
        <Link to={`/boards/${note.board_id}/cards/${note.card_id}`} onClick={open}>{note.card_title}</Link>{" "}
        {note.kind === "due_soon" && <>is due today{" "}</>}
        {note.kind === "overdue" && <>is overdue (due {note.due_date}){" "}</>}
        <span className="muted">on {note.board_name}</span>
      </p>
      {note.excerpt && <p className="notification-excerpt muted">{note.excerpt}</p>}
      <p className="notification-meta">
        <LocalTime iso={note.created_at}>{timeAgo(note.created_at)}</LocalTime>
        {note.read_at === null && (
          <button
            type="button"
            className="link-button"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate(note.id)}
            aria-label={`Mark read: ${note.actor_name} ${what} ${note.card_title}`}
          >
            Mark read
          </button>
        )}
      </p>
    </li>
  );
}
