import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Schemas } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { showUndo } from "../../../lib/toast";
import { useDeleteLabel } from "../api/deleteLabel";
import { restoreLabel } from "../api/restoreLabel";
import { useUpdateLabel } from "../api/updateLabel";

type Label = Schemas["LabelRead"];

/** One label: its chip; for editors, Edit (rename, recolour) and Delete (with Undo). */
export function LabelRow({ boardId, label, editable }: { boardId: number; label: Label; editable: boolean }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const remove = useDeleteLabel(boardId);
  const chip = (
    <span className="chip">
      <svg className="chip-dot" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill={label.color} /></svg>
      {label.name}
    </span>
  );
  if (editing) return <li><LabelEditor boardId={boardId} label={label} onDone={() => setEditing(false)} /></li>;
  return (
    <li>
      {chip}
      {editable && (
        <>
          <button type="button" className="small secondary" onClick={() => setEditing(true)}>
            Edit<span className="visually-hidden"> label {label.name}</span>
          </button>
          <button
            type="button"
            className="small danger"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(label.id, {
                onSuccess: () => showUndo(`Label “${label.name}” deleted.`, () => restoreLabel(qc, boardId, label.id)),
              })
            }
          >
            Delete<span className="visually-hidden"> label {label.name}</span>
          </button>
          {remove.error && <p className="form-error" role="alert">{remove.error.message}</p>}
        </>
      )}
    </li>
  );
}

function LabelEditor({ boardId, label, onDone }: { boardId: number; label: Label; onDone: () => void }) {
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const update = useUpdateLabel(boardId);
  const { errors, required, formError } = useFieldErrors(update.error);
  const id = `label-${label.id}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ name })) update.mutate({ labelId: label.id, name: name.trim(), color }, { onSuccess: onDone });
  }
  return (
    <form className="row-form" onSubmit={submit} noValidate aria-label={`Edit label ${label.name}`}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} {...described(`${id}-name`, errors.name)} />
        <FieldError id={`${id}-name`} message={errors.name} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-color`}>Colour</label>
        <input id={`${id}-color`} type="color" value={color} onChange={(e) => setColor(e.target.value)} {...described(`${id}-color`, errors.color)} />
        <FieldError id={`${id}-color`} message={errors.color} />
      </div>
      <button type="submit" className="small" disabled={update.isPending}>Save label</button>
      <button type="button" className="small secondary" onClick={onDone}>Cancel</button>
      {formError && <p className="form-error" role="alert">{formError}</p>}
    </form>
  );
}
