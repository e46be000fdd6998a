import { useCallback, useMemo, useState } from "react";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import { BoardSkeleton } from "../../../lib/Skeleton";
import { ApiError } from "../../../lib/api";
import { Markdown } from "../../../lib/Markdown";
import { useShortcuts } from "../../../lib/shortcuts";
import { useInSlices } from "../../../lib/slices";
import { useBoard } from "../api/board";
import { useLiveBoard } from "../hooks/useLiveBoard";
import { Board } from "./Board";
import { Presence } from "./Presence";

export function BoardView() {
  const boardId = Number(useParams().boardId);
  const board = useBoard(boardId);
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const navigate = useNavigate();
  useLiveBoard(boardId, board.isSuccess);
  const sliced = useInSlices(board.isSuccess);

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
          <Presence boardId={boardId} />
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`} aria-current="page">Board</Link>
          <Link to={`/boards/${boardId}/activity`}>Activity</Link>
          <Link to={`/boards/${boardId}/archived`}>Archived cards</Link>
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
          <button type="button" className="link-button" onClick={() => setHelp(!help)} aria-expanded={help}>
            Shortcuts
          </button>
        </nav>
      </div>
      {help && <ShortcutHelp />}
      <Board board={data} renderTitle={renderTitle} notice={notice} onNotice={setNotice} />
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
