/** The card's comments, oldest first, and the form to add one. */
import { useState, type FormEvent } from "react";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { CommentsSkeleton } from "../../../../lib/Skeleton";
import { useAddComment } from "../../api/addComment";
import { useComments } from "../../api/comments";
import { useDeleteComment } from "../../api/deleteComment";
import { useMe } from "../../api/me";
import { CommentItem } from "./CommentItem";

interface Props {
  cardId: number;
  canWrite: boolean;
  isOwner: boolean;
}

export function Comments({ cardId, canWrite, isOwner }: Props) {
  const comments = useComments(cardId);
  const add = useAddComment(cardId);
  const remove = useDeleteComment(cardId);
  const me = useMe();
  const [body, setBody] = useState("");
  const { errors, required, formError } = useFieldErrors(add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ body })) add.mutate(body, { onSuccess: () => setBody("") });
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
      </ol>
      {remove.error && <p className="field-error" role="alert">The comment could not be deleted: {remove.error.message}</p>}
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
