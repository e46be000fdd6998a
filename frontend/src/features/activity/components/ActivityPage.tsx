/** The board's whole activity, newest first, told in words: the SPA's twin of the server's
 * activity page (/boards/{id}/activity), fifty entries a page. */
import { Link, useSearchParams } from "react-router";
import type { Board } from "../../../lib/api";
import { LocalTime } from "../../../lib/LocalTime";
import { PER_PAGE, useActivityPage } from "../api/activityPage";
import { describe } from "../describe";
import "./activity.css";
import { ListSkeleton } from "../../../lib/Skeleton";

/** The server's card address as the SPA's: the card opens over the board. */
const spaHref = (boardId: number, href: string) => href.replace(/^\/cards\//, `/boards/${boardId}/cards/`);

export function ActivityPage({ boardId, board }: { boardId: number; board?: Board }) {
  const [params, setParams] = useSearchParams();
  const offset = Math.max(0, Number.parseInt(params.get("offset") ?? "0", 10) || 0);
  const activity = useActivityPage(boardId, offset);
  const total = activity.data?.total ?? 0;
  const goTo = (next: number) => setParams(next > 0 ? { offset: String(next) } : {});
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/">Boards</Link> / <Link to={`/boards/${boardId}`}>{board?.name ?? "Board"}</Link> /
          </p>
          <h1>Activity</h1>
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`}>Board</Link>
          <Link to={`/boards/${boardId}/activity`} aria-current="page">Activity</Link>
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
        </nav>
      </div>
      {activity.error && <p className="flash flash-error" role="alert">Could not load the activity: {activity.error.message}</p>}
      {activity.isPending && <ListSkeleton what="the activity" rows={8} />}
      {activity.data?.items.length === 0 && <p className="empty">Nothing has happened on this board yet.</p>}
      {activity.data && activity.data.items.length > 0 && (
        <ol className="activity">
          {activity.data.items.map((event) => {
            const line = describe(event, board);
            return (
              <li key={event.seq}>
                <p>
                  <strong>{line.actor}</strong> {line.verb}{" "}
                  {line.href ? <Link to={spaHref(boardId, line.href)}>{line.what}</Link> : line.what}
                  {line.tail}.
                </p>
                <p className="meta">
                  <LocalTime iso={event.at} /> · #{event.seq}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {total > PER_PAGE && (
        <nav className="pager" aria-label="Pages">
          {offset > 0 && (
            <button type="button" className="link-button" onClick={() => goTo(Math.max(0, offset - PER_PAGE))}>
              ← Newer
            </button>
          )}
          <span>
            {offset + 1}–{Math.min(offset + PER_PAGE, total)} of {total}
          </span>
          {offset + PER_PAGE < total && (
            <button type="button" className="link-button" onClick={() => goTo(offset + PER_PAGE)}>
              Older →
            </button>
          )}
        </nav>
      )}
    </>
  );
}
