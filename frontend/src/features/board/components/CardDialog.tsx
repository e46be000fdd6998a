/** A card's details in a modal dialog over the board — the same parts as its server page
 * (/cards/{id}): title and description edited in place (a change from elsewhere never
 * overwrites what is being typed: card/useCardField.ts), its checklists, files, labels,
 * assignees, due date, move, archive, the card's own activity and its comments. Closing returns to the board. */
import { useEffect, useRef } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, type Board, type Card } from "../../../lib/api";
import { CardSkeleton } from "../../../lib/Skeleton";
import { Toaster } from "../../../lib/Toaster";
import { useBoard } from "../api/board";
import { useUpdateCard } from "../api/updateCard";
import { findCard } from "../model/ordering";
import { Attachments } from "./card/Attachments";
import { CardActions } from "./card/CardActions";
import { Checklists } from "./checklist/Checklists";
import { CardActivity } from "./card/CardActivity";
import { CardAssignees, CardLabels } from "./card/CardPeopleAndLabels";
import { CopyCard } from "./card/CopyCard";
import { Comments } from "./card/Comments";
import { DescriptionField } from "./card/DescriptionField";
import { DueDate } from "./card/DueDate";
import { MoveCard } from "./card/MoveCard";
import { TitleField } from "./card/TitleField";
import { useCardField } from "./card/useCardField";
import "./card/card.css";
import { FollowButton } from "./FollowButton";

export function CardDialog() {
  const params = useParams();
  const boardId = Number(params.boardId);
  const cardId = Number(params.cardId);
  const board = useBoard(boardId);
  const navigate = useNavigate();
  const ref = useRef<HTMLDialogElement>(null);
  const close = () => void navigate(`/boards/${boardId}`);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const card = board.data ? findCard(board.data, cardId) : undefined;
  return (
    <dialog ref={ref} className="card-dialog cv-dialog" aria-labelledby="card-dialog-title" onClose={close}>
      {board.data && card ? (
        <CardView key={card.id} board={board.data} card={card} onDone={close} />
      ) : (
        <div className="dialog-head">
          <h2 id="card-dialog-title">Card</h2>
          <button type="button" className="secondary small" onClick={close}>Close</button>
        </div>
      )}
      {board.isPending && <CardSkeleton />}
      {board.data && !card && <p className="empty">This card is not on the board any more (archived or deleted).</p>}
      {/* The page's toasts are inert under a modal dialog: these, in the top layer over
          them, are the ones that can be pressed (a comment's "Undo") while it is open. */}
      <Toaster modal />
    </dialog>
  );
}

function CardView({ board, card, onDone }: { board: Board; card: Card; onDone: () => void }) {
  const readOnly = board.role === "viewer";
  const title = useCardField(board.id, card, "title");
  const description = useCardField(board.id, card, "description");
  // Labels, assignees, due date and archive: saved at once, against the latest version.
  const update = useUpdateCard(board.id);
  const column = board.columns.find((c) => c.id === card.column_id);
  const refused =
    update.error instanceof ApiError && update.error.status === 409
      ? "Someone else changed this card meanwhile; it now shows the latest version. Try again."
      : update.error && !(update.error instanceof ApiError && Object.keys(update.error.fields).length)
        ? update.error.message
        : null;
  return (
    <>
      <div className="dialog-head cv-head">
        <div className="cv-heading">
          <TitleField field={title} readOnly={readOnly} />
          <p className="muted cv-where">in {column?.name ?? "a column"}</p>
        </div>
        <button type="button" className="secondary small" onClick={onDone}>Close</button>
      </div>
      {refused && <p className="form-error" role="alert">{refused}</p>}
      <div className="cv-body">
        <div className="cv-main">
          <DescriptionField field={description} readOnly={readOnly} />
          <Checklists board={board} cardId={card.id} canWrite={!readOnly} />
          <Attachments cardId={card.id} canWrite={!readOnly} />
          <Comments cardId={card.id} boardId={board.id} title={card.title} canWrite={!readOnly} isOwner={board.role === "owner"} />
          <CardActivity board={board} cardId={card.id} />
        </div>
        <aside className="cv-side" aria-label="Card details">
          <FollowButton cardId={card.id} />
          <CardLabels board={board} card={card} update={update} readOnly={readOnly} />
          <CardAssignees board={board} card={card} update={update} readOnly={readOnly} />
          <DueDate card={card} update={update} readOnly={readOnly} />
          {!readOnly && <MoveCard board={board} card={card} />}
          <CopyCard card={card} />
          {!readOnly && <CardActions boardId={board.id} card={card} update={update} onDone={onDone} />}
        </aside>
      </div>
    </>
  );
}
