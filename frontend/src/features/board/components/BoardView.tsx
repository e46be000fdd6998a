import { useCallback, useMemo, useState } from "react";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import { BoardSkeleton } from "../../../lib/Skeleton";
import { ApiError } from "../../../lib/api";
import { Markdown } from "../../../lib/Markdown";
import { useInSlices } from "../../../lib/slices";
import { useBoard } from "../api/board";
import { useLiveBoard } from "../hooks/useLiveBoard";
import { Board } from "./Board";
import { ConnectionState } from "./ConnectionState";
import { Presence } from "./Presence";

export function BoardView() {
  const boardId = Number(useParams().boardId);
  const board = useBoard(boardId);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  useLiveBoard(boardId, board.isSuccess);
  const sliced = useInSlices(board.isSuccess);
  // The board's shortcuts (hooks/useBoardShortcuts.ts) go to the SPA's own pages.
  const links = useMemo(
    () => ({ boards: "/", settings: `/boards/${boardId}/settings`, go: (href: string) => void navigate(href) }),
    [navigate, boardId],
  );
  const renderTitle = useCallback(
    (card: { id: number; title: string }) => (
      <Link className="card-title" to={`/boards/${boardId}/cards/${card.id}`}>
        {card.title}
      </Link>
    ),
    [boardId],
  );

  if (board.isPending || (board.isSuccess && !sliced)) {
    // A screen high: the footer stays out of sight until the board comes.
    return <div className="loading-screen"><BoardSkeleton /></div>;
  }
  if (board.error) {
    const missing = board.error instanceof ApiError && board.error.status === 404;
    return (
      <div className="flash flash-error" role="alert">
        {missing ? "This board does not exist, or you are not one of its members." : `Could not load the board: ${board.error.message}`}{" "}
        <Link to="/">Back to your boards</Link>
      </div>
    );
  }
  const data = board.data;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/">Boards</Link> /</p>
          <h1>{data.name}{data.archived && <> <span className="badge">archived</span></>}</h1>
          {data.description && <Markdown source={data.description} className="prose muted" />}
          <div className="board-status">
            <Presence boardId={boardId} />
            <ConnectionState boardId={boardId} />
          </div>
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`} aria-current="page">Board</Link>
          <Link to={`/boards/${boardId}/archived`}>Archived cards</Link>
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
        </nav>
      </div>
      <Board board={data} renderTitle={renderTitle} links={links} notice={notice} onNotice={setNotice} />
      <Outlet />
    </>
  );
}
