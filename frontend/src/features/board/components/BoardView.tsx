import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { BoardSkeleton } from "../../../lib/Skeleton";
import { ApiError, type Board as BoardData } from "../../../lib/api";
import { Markdown } from "../../../lib/Markdown";
import { useInSlices } from "../../../lib/slices";
import { useBoard } from "../api/board";
import { useLiveBoard } from "../hooks/useLiveBoard";
import { cardFilter, filterParams, parseFilter, type Filter } from "../model/filter";
import { Board } from "./Board";
import { Dashboard } from "./Dashboard";
import { FilterBar } from "./FilterBar";
import { ConnectionState } from "./ConnectionState";
import { Presence } from "./Presence";
import { SidePanel } from "./SidePanel";

interface Props {
  /** The board's live activity for the side panel (another feature's, given by the app). */
  activity?: (boardId: number, board: BoardData) => ReactNode;
}

export function BoardView({ activity }: Props) {
  const boardId = Number(useParams().boardId);
  const board = useBoard(boardId);
  // The filter lives in the address: shared links and reloads keep it.
  // (From the location, not useSearchParams: that would add its code to the SPA's entry.)
  const { search, hash } = useLocation();
  const filter = useMemo(() => parseFilter(new URLSearchParams(search)), [search]);
  const shows = useMemo(() => cardFilter(filter), [filter]);
  const navigate = useNavigate();
  const setFilter = useCallback(
    (next: Filter) => {
      const query = filterParams(next, new URLSearchParams(search)).toString();
      void navigate({ search: query ? `?${query}` : "", hash }, { replace: true });
    },
    [navigate, search, hash],
  );
  const [notice, setNotice] = useState<string | null>(null);
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
  const shown = data.columns.reduce((n, column) => n + column.cards.filter(shows).length, 0);
  return (
    <>
      <div className="page-head board-head">
        <div className="board-title">
          <p className="crumbs"><Link to="/">Boards</Link> /</p>
          <h1 title={data.name}>{data.name}</h1>
          {data.archived && <span className="badge">archived</span>}
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`} aria-current="page">Board</Link>
          <Link to={`/boards/${boardId}/activity`}>Activity</Link>
          <Link to={`/boards/${boardId}/archived`}>Archived cards</Link>
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
        </nav>
      </div>
      <div className="board-layout">
        <div className="board-main">
          <div className="board-toolbar">
            <FilterBar board={data} filter={filter} onChange={setFilter} shown={shown} />
            <Presence boardId={boardId} />
            <ConnectionState boardId={boardId} />
          </div>
          <Board board={data} renderTitle={renderTitle} links={links} notice={notice} onNotice={setNotice} shows={shows} />
        </div>
        <SidePanel>
          {data.description && <Markdown source={data.description} className="prose muted board-description" />}
          <Dashboard boardId={boardId} />
          {activity?.(boardId, data)}
        </SidePanel>
      </div>
      <Outlet />
    </>
  );
}
