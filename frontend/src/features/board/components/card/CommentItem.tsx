/** One comment: its author's to edit; its author's, or a board owner's, to delete. */
import { useState, type FormEvent } from "react";
import type { Schemas } from "../../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { Markdown } from "../../../../lib/Markdown";
import type { useDeleteComment } from "../../api/deleteComment";
import { useEditComment } from "../../api/editComment";
import { Avatar } from "./Avatar";
import { LocalTime } from "../../../../lib/LocalTime";
import { focusOnMount } from "../../../../lib/focusOnMount";

type Comment = Schemas["CommentRead"];

interface Props {
  comment: Comment;
  canEdit: boolean;
  canDelete: boolean;
  remove: ReturnType<typeof useDeleteComment>;
}

export function CommentItem({ comment, canEdit, canDelete, remove }: Props) {
  const edit = useEditComment(comment.card_id);
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(comment.body);
  const author = comment.author_name ?? "Former member";
  const { errors, required, formError } = useFieldErrors(edit.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ body })) return;
    edit.mutate({ commentId: comment.id, body }, { onSuccess: () => setEditing(false) });
  }
  // No "are you sure?": the toast that follows offers Undo (api/deleteComment.ts).
  const del = () => remove.mutate(comment.id);
  const fieldId = `comment-edit-${comment.id}`;
  return (
    <li className="comment" id={`comment-${comment.id}`} aria-label={`Comment by ${author}`}>
      <header className="meta cv-comment-head">
        {comment.author_id !== null && <Avatar userId={comment.author_id} name={author} />}
        <strong>{author}</strong>
        <LocalTime iso={comment.created_at} />
        {comment.edited_at && <span className="muted">· edited</span>}
      </header>
      {editing ? (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={fieldId}>Edit your comment</label>
            <textarea id={fieldId} rows={3} value={body} onChange={(e) => setBody(e.target.value)} ref={focusOnMount} {...described(fieldId, errors.body ?? formError)} />
            <FieldError id={fieldId} message={errors.body ?? formError} />
          </div>
          <div className="actions">
            <button type="submit" className="small" disabled={edit.isPending}>Save comment</button>
            <button type="button" className="small secondary" onClick={() => { setEditing(false); setBody(comment.body); }}>Cancel</button>
          </div>
        </form>
      ) : (
        <Markdown source={comment.body} />
      )}
      {!editing && (canEdit || canDelete) && (
        <div className="cv-comment-actions">
          {canEdit && (
            <button type="button" className="small secondary" onClick={() => { setBody(comment.body); setEditing(true); }}>
              Edit<span className="visually-hidden"> your comment</span>
            </button>
          )}
          {canDelete && (
            <button type="button" className="small danger" onClick={del} disabled={remove.isPending}>
              Delete<span className="visually-hidden"> comment by {author}</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
