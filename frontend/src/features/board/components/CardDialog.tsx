/** A card's details in a modal dialog over the board: every field, labels, assignees, due
 * date, Markdown preview and comments. Closing returns to the board. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { CardSkeleton, CommentsSkeleton } from "../../../lib/Skeleton";
import { ApiError, type Board, type Card } from "../../../lib/api";
import { LocalTime } from "../../../lib/LocalTime";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { Markdown } from "../../../lib/Markdown";
import { showUndo } from "../../../lib/toast";
import { findCard } from "../model/ordering";
import { useAddComment } from "../api/addComment";
import { useBoard } from "../api/board";
import { useComments } from "../api/comments";
import { useDeleteCard } from "../api/deleteCard";
import { restoreCard } from "../api/restoreCard";
import { unarchiveCard } from "../api/unarchiveCard";
import { useUpdateCard } from "../api/updateCard";
import { FollowButton } from "./FollowButton";
import { DueChip } from "./TileParts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

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
  // Kept here: the editor below starts afresh with each new version of the card.
  const update = useUpdateCard(boardId);
  const [saved, setSaved] = useState(false);
  return (
    <dialog ref={ref} className="card-dialog" aria-labelledby="card-dialog-title" onClose={close}>
      <div className="dialog-head">
        <h2 id="card-dialog-title">{card ? card.title : "Card"}</h2>
        <button type="button" className="secondary small" onClick={close}>Close</button>
      </div>
      {card && <FollowButton cardId={card.id} />}
      {board.isPending && <CardSkeleton />}
      {board.data && !card && <p className="empty">This card is not on the board any more (archived or deleted).</p>}
      {board.data && card && <CardEditor key={`${card.id}-${card.version}`} board={board.data} card={card} onDone={close} update={update} saved={saved} setSaved={setSaved} />}
      {card && <Comments cardId={card.id} canWrite={board.data?.role !== "viewer"} />}
    </dialog>
  );
}

interface EditorProps {
  board: Board;
  card: Card;
  onDone: () => void;
  update: ReturnType<typeof useUpdateCard>;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}

function CardEditor({ board, card, onDone, update, saved, setSaved }: EditorProps) {
  const [title, setTitle] = useState(card.title);
  const [description, setDescription] = useState(card.description);
  const [due, setDue] = useState(card.due_date ?? "");
  const [labels, setLabels] = useState(card.label_ids);
  const [people, setPeople] = useState(card.assignee_ids);
  const [preview, setPreview] = useState(false);
  const remove = useDeleteCard(board.id);
  const confirming = { qc: useQueryClient(), boardId: board.id };
  const readOnly = board.role === "viewer";
  const conflict = update.error instanceof ApiError && update.error.status === 409;
  const { errors, required } = useFieldErrors(update.error);

  function toggle(list: number[], id: number, on: boolean) {
    return on ? [...list, id] : list.filter((x) => x !== id);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!required({ title })) return;
    update.mutate(
      {
        cardId: card.id,
        version: card.version,
        changes: { title, description, due_date: due || null, label_ids: labels, assignee_ids: people },
      },
      { onSuccess: () => setSaved(true) },
    );
  }
  return (
    <form onSubmit={submit} className="card-form" noValidate>
      {conflict && <div className="form-error" role="alert">Someone else changed this card meanwhile. The latest version is shown; make your change again.</div>}
      {saved && <div className="flash flash-success" role="status">Card saved.</div>}
      <fieldset disabled={readOnly} className="bare">
        <legend className="visually-hidden">Card</legend>
        <div className="field">
          <label htmlFor="card-title">Title</label>
          <input id="card-title" type="text" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} {...described("card-title", errors.title)} />
          <FieldError id="card-title" message={errors.title} />
        </div>
        <div className="field">
          <label htmlFor="card-description">Description</label>
          <div className="tabs" role="group" aria-label="Description view">
            <button type="button" className="link-button" aria-pressed={!preview} onClick={() => setPreview(false)}>Write</button>
            <button type="button" className="link-button" aria-pressed={preview} onClick={() => setPreview(true)}>Preview</button>
          </div>
          {preview ? (
            <Markdown source={description || "_Nothing to preview._"} />
          ) : (
            <textarea id="card-description" rows={6} value={description} onChange={(e) => setDescription(e.target.value)} {...described("card-description", errors.description)} />
          )}
          <FieldError id="card-description" message={errors.description} />
        </div>
        <div className="field">
          <label htmlFor="card-due">Due date</label>
          <input id="card-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} {...described("card-due", errors.due_date)} />
          <FieldError id="card-due" message={errors.due_date} />
          {DAY.test(due) && (
            <p className="hint">
              <DueChip day={due} />
            </p>
          )}
        </div>
        <div className="grid-2">
          <fieldset>
            <legend>Labels</legend>
            {board.labels.length === 0 && <p className="hint">No labels yet: add them in the board's settings.</p>}
            {board.labels.map((label) => (
              <div className="check" key={label.id}>
                <input id={`card-label-${label.id}`} type="checkbox" checked={labels.includes(label.id)} onChange={(e) => setLabels(toggle(labels, label.id, e.target.checked))} />
                <label htmlFor={`card-label-${label.id}`}>{label.name}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Assignees</legend>
            {board.members.map((member) => (
              <div className="check" key={member.user_id}>
                <input id={`card-member-${member.user_id}`} type="checkbox" checked={people.includes(member.user_id)} onChange={(e) => setPeople(toggle(people, member.user_id, e.target.checked))} />
                <label htmlFor={`card-member-${member.user_id}`}>{member.display_name}</label>
              </div>
            ))}
          </fieldset>
        </div>
        {!readOnly && (
          <div className="actions">
            <button type="submit" disabled={update.isPending}>Save card</button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                update.mutate(
                  { cardId: card.id, version: card.version, changes: { archived: true } },
                  {
                    onSuccess: (archived) => {
                      showUndo(`“${card.title}” archived.`, () => unarchiveCard(confirming, card.id, archived.version));
                      onDone();
                    },
                  },
                )
              }
            >
              Archive
            </button>
            <button
              type="button"
              className="danger"
              onClick={() =>
                // No "are you sure?": the toast offers Undo (the server keeps it ~30 s).
                remove.mutate(
                  { cardId: card.id, version: card.version },
                  {
                    onSuccess: () => {
                      showUndo(`“${card.title}” deleted.`, () => restoreCard(confirming, card.id));
                      onDone();
                    },
                  },
                )
              }
            >
              Delete
            </button>
          </div>
        )}
        {update.error && !conflict && !Object.keys(errors).length && <p className="field-error" role="alert">{update.error.message}</p>}
      </fieldset>
    </form>
  );
}

function Comments({ cardId, canWrite }: { cardId: number; canWrite: boolean }) {
  const comments = useComments(cardId);
  const add = useAddComment(cardId);
  const [body, setBody] = useState("");
  const { errors, required, formError } = useFieldErrors(add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ body })) add.mutate(body, { onSuccess: () => setBody("") });
  }
  return (
    <section aria-labelledby="comments-title">
      <h3 id="comments-title">Comments</h3>
      {comments.isPending && <CommentsSkeleton />}
      {comments.error && <p className="field-error">Could not load the comments.</p>}
      {comments.data?.items.length === 0 && <p className="empty">No comments yet.</p>}
      <ol className="comments">
        {comments.data?.items.map((comment) => (
          <li key={comment.id} className="comment">
            <header className="meta">
              <strong>{comment.author_name ?? "Someone"}</strong>
              <LocalTime iso={comment.created_at} />
            </header>
            <Markdown source={comment.body} />
          </li>
        ))}
      </ol>
      {canWrite && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="comment-body">Add a comment</label>
            <textarea id="comment-body" value={body} onChange={(e) => setBody(e.target.value)} {...described("comment-body", errors.body ?? formError)} />
            <FieldError id="comment-body" message={errors.body ?? formError} />
          </div>
          <button type="submit" disabled={add.isPending}>Comment</button>
        </form>
      )}
    </section>
  );
}
