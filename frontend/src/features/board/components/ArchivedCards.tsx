/** The board's archived cards: restore one to its column, or delete it (with Undo). The
 * server's pages have the same list (boards/archived.html). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { CardRead as Card } from "../../../lib/api";
import { rereadArchived, useArchivedCards } from "../api/archivedCards";
import { useBoard } from "../api/board";
import { useDeleteArchivedCard } from "../api/deleteArchivedCard";
import { unarchiveCard } from "../api/unarchiveCard";
import "./archived.css";

export function ArchivedCards() {
  const boardId = Number(useParams().boardId);
  const board = useBoard(boardId);
  const archived = useArchivedCards(boardId);
  const name = board.data?.name ?? "Board";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/">Boards</Link> / <Link to={`/boards/${boardId}`}>{name}</Link> /</p>
          <h1>Archived cards</h1>
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`}>Board</Link>
          <Link to={`/boards/${boardId}/archived`} aria-current="page">Archived cards</Link>
          <Link to={`/boards/${boardId}/settings`}>Settings &amp; members</Link>
        </nav>
      </div>
      {archived.isPending && <p className="muted" role="status">Loading archived cards…</p>}
      {archived.error && <div className="flash flash-error" role="alert">Could not load the archived cards: {archived.error.message}</div>}
      {archived.data?.items.length === 0 && <p className="empty">No archived cards. Archiving a card from its dialog puts it here.</p>}
      {archived.data && archived.data.items.length > 0 && (
        <ul className="archived-list">
          {archived.data.items.map((card) => (
            <ArchivedRow
              key={card.id}
              boardId={boardId}
              card={card}
              column={board.data?.columns.find((c) => c.id === card.column_id)?.name}
              editable={board.data?.role !== "viewer"}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function ArchivedRow({ boardId, card, column, editable }: { boardId: number; card: Card; column?: string; editable: boolean }) {
  const qc = useQueryClient();
  const restore = useMutation({
    mutationFn: () => unarchiveCard({ qc, boardId }, card.id, card.version),
    onSettled: () => rereadArchived(qc, boardId),
  });
  const remove = useDeleteArchivedCard(boardId);
  const error = restore.error ?? remove.error;
  return (
    <li className="archived-card">
      <div>
        <strong>{card.title}</strong>
        {column && <span className="muted"> · from {column}</span>}
      </div>
      {editable && (
        <div className="actions">
          <button type="button" className="small" disabled={restore.isPending} onClick={() => restore.mutate()}>
            Restore<span className="visually-hidden"> {card.title}</span>
          </button>
          <button
            type="button"
            className="small danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ cardId: card.id, version: card.version, title: card.title })}
          >
            Delete<span className="visually-hidden"> {card.title}</span>
          </button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error.message}</p>}
    </li>
  );
}
