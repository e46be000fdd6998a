import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { BoardSkeleton } from "../../../lib/Skeleton";
import { ApiError, type Board as BoardData } from "../../../lib/api";
import { Markdown } from "../../../lib/Markdown";
import { useShortcuts } from "../../../lib/shortcuts";
import { useBoard } from "../api/board";
import { useLiveBoard } from "../hooks/useLiveBoard";
import { cardFilter, filterParams, parseFilter, type Filter } from "../model/filter";
import { Board } from "./Board";
import { Dashboard } from "./Dashboard";
import { FilterBar } from "./FilterBar";
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
  const [help, setHelp] = useState(false);
  useLiveBoard(boardId, board.isSuccess);

  const keys = useMemo(
    () => ({
      n: () => document.querySelector<HTMLInputElement>("[data-add-card]")?.focus(),
      c: () => document.getElementById("new-column-name")?.focus(),
      b: () => navigate("/"),
      s: () => navigate(`/boards/${boardId}/settings`),
      r: () => void board.refetch(),
      "?": () => setHelp((shown) => !shown),
    }),
    [navigate, boardId, board],
  );
  useShortcuts(keys);
  const renderTitle = useCallback(
    (card: { id: number; title: string }) => (
      <Link className="card-title" to={`/boards/${boardId}/cards/${card.id}`}>
        {card.title}
      </Link>
    ),
    [boardId],
  );

  if (board.isPending) return <BoardSkeleton />;
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
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
          <button type="button" className="link-button" onClick={() => setHelp(!help)} aria-expanded={help}>
            Shortcuts
          </button>
        </nav>
      </div>
      {help && <ShortcutHelp />}
      <div className="board-layout">
        <div className="board-main">
          <div className="board-toolbar">
            <FilterBar board={data} filter={filter} onChange={setFilter} shown={shown} />
            <Presence boardId={boardId} />
          </div>
          <Board board={data} renderTitle={renderTitle} notice={notice} onNotice={setNotice} shows={shows} />
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

function ShortcutHelp() {
  return (
    <section className="panel shortcuts" aria-label="Keyboard shortcuts">
      <dl className="details">
        <dt><kbd>n</kbd></dt><dd>new card in the first column</dd>
        <dt><kbd>c</kbd></dt><dd>new column</dd>
        <dt><kbd>Space</kbd> on a card's handle</dt><dd>pick up; arrows move it; <kbd>Space</kbd> drops, <kbd>Esc</kbd> cancels</dd>
        <dt><kbd>s</kbd></dt><dd>board settings</dd>
        <dt><kbd>b</kbd></dt><dd>back to your boards</dd>
        <dt><kbd>r</kbd></dt><dd>reload the board</dd>
        <dt><kbd>?</kbd></dt><dd>show or hide this list</dd>
      </dl>
    </section>
  );
}
