/** The card's comments, oldest first, and the form to add one. */
import { onlineManager } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { CommentsSkeleton } from "../../../../lib/Skeleton";
import { useAddComment } from "../../api/addComment";
import { useComments } from "../../api/comments";
import { useDeleteComment } from "../../api/deleteComment";
import { useMe } from "../../api/me";
import { PendingComments } from "../PendingComments";
import { CommentItem } from "./CommentItem";

interface Props {
  cardId: number;
  /** The card's board and title: a comment is one of the board's writes (api/pending.ts). */
  boardId: number;
  title: string;
  canWrite: boolean;
  isOwner: boolean;
}

export function Comments({ cardId, boardId, title, canWrite, isOwner }: Props) {
  const comments = useComments(cardId);
  const add = useAddComment(cardId, boardId);
  const remove = useDeleteComment(cardId);
  const me = useMe();
  const [body, setBody] = useState("");
  // A comment written offline and refused later is named above the board (api/pending.ts).
  const { errors, required, formError } = useFieldErrors(add.context?.queued ? null : add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ body })) return;
    add.mutate({ cardId, body, title }, { onSuccess: () => setBody("") });
    // Offline it waits for the network, listed below as pending: the field is free.
    if (!onlineManager.isOnline()) setBody("");
  }
  const mine = (authorId: number | null) => authorId !== null && me.data?.id === authorId;
  return (
    <section className="cv-section">
      <h3 id="comments-title">Comments{comments.data ? ` (${comments.data.total})` : ""}</h3>
      {comments.isPending && <CommentsSkeleton />}
      {comments.error && <p className="field-error">Could not load the comments.</p>}
      {comments.data?.items.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comments">
        {comments.data?.items.map((comment) => (
          <CommentItem key={comment.id} comment={comment} canEdit={canWrite && mine(comment.author_id)} canDelete={canWrite && (mine(comment.author_id) || isOwner)} remove={remove} />
        ))}
        <PendingComments boardId={boardId} cardId={cardId} />
      </ol>
      {remove.error && <p className="field-error" role="alert">The comment could not be deleted: {remove.error.message}</p>}
      {canWrite && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="comment-body">Add a comment</label>
            <textarea id="comment-body" value={body} onChange={(e) => setBody(e.target.value)} {...described("comment-body", errors.body ?? formError)} />
            <FieldError id="comment-body" message={errors.body ?? formError} />
          </div>
          <button type="submit" disabled={add.isPending && !add.isPaused}>Comment</button>
        </form>
      )}
    </section>
  );
}
