/** The board's newest events as sentences, growing live as events arrive on the socket
 * the board already holds open. */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Board } from "../../../lib/api";
import { timeAgo } from "../../../lib/dates";
import { LocalTime } from "../../../lib/LocalTime";
import { useBoardEvents } from "../../../lib/live";
import type { BoardEvent } from "../../../lib/protocol";
import { prepended, useActivity, type ActivityPage } from "../api/activity";
import { activityKeys } from "../api/keys";
import { describe } from "../describe";
import "./activity.css";
import { ListSkeleton } from "../../../lib/Skeleton";

export function ActivityFeed({ boardId, board }: { boardId: number; board?: Board }) {
  const qc = useQueryClient();
  const activity = useActivity(boardId);
  const onEvent = useCallback(
    (event: BoardEvent) => {
      if (event.board_id !== boardId || !event.seq) return;
      const key = activityKeys.recent(boardId);
      const page = qc.getQueryData<ActivityPage>(key);
      if (!page) return;
      const next = prepended(page, event);
      if (next) qc.setQueryData(key, next);
      else void qc.invalidateQueries({ queryKey: key });
    },
    [qc, boardId],
  );
  useBoardEvents(onEvent);

  return (
    <section className="activity-feed" aria-labelledby="activity-feed-title">
      <h2 id="activity-feed-title">Activity</h2>
      {activity.error && <p className="flash flash-error" role="alert">Could not load the activity: {activity.error.message}</p>}
      {activity.isPending && <ListSkeleton what="the activity" />}
      {activity.data?.items.length === 0 && <p className="muted">Nothing has happened yet.</p>}
      {activity.data && activity.data.items.length > 0 && (
        <ol className="activity-list" aria-live="polite" aria-relevant="additions">
          {activity.data.items.map((event) => {
            const line = describe(event, board);
            return (
              <li key={event.seq}>
                <strong>{line.actor}</strong> {line.verb} {line.href ? <a href={line.href}>{line.what}</a> : line.what}
                {line.tail}{" "}
                <LocalTime className="muted" iso={event.at}>{timeAgo(event.at)}</LocalTime>
              </li>
            );
          })}
        </ol>
      )}
      <p><a href={`/boards/${boardId}/activity`}>All activity</a></p>
    </section>
  );
}
