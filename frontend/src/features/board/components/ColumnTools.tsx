import { useState, type FormEvent } from "react";
import type { Column } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useDeleteColumn } from "../api/deleteColumn";
import { useRenameColumn } from "../api/renameColumn";

/** Rename or delete a column (with its cards, once confirmed). */
export function ColumnTools({ boardId, column }: { boardId: number; column: Column }) {
  const [name, setName] = useState(column.name);
  const [confirm, setConfirm] = useState(false);
  const rename = useRenameColumn(boardId);
  const remove = useDeleteColumn(boardId);
  const { errors, required } = useFieldErrors(rename.error);
  const error = errors.name ? remove.error : (rename.error ?? remove.error);
  const id = `column-${column.id}-tools`;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ name }) && name.trim() !== column.name)
      rename.mutate({ columnId: column.id, name: name.trim(), version: column.version });
  }
  return (
    <details className="column-tools">
      <summary>
        Column settings<span className="visually-hidden"> for {column.name}</span>
      </summary>
      {error && <p className="form-error" role="alert">{error.message}</p>}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Column name</label>
          <input id={`${id}-name`} type="text" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} {...described(`${id}-name`, errors.name)} />
          <FieldError id={`${id}-name`} message={errors.name} />
        </div>
        <button type="submit" className="small secondary" disabled={rename.isPending}>Rename</button>
      </form>
      <div className="field check">
        <input id={`${id}-confirm`} type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
        <label htmlFor={`${id}-confirm`}>
          Also delete its {column.cards.length} card{column.cards.length === 1 ? "" : "s"}
        </label>
      </div>
      <button
        type="button"
        className="small danger"
        disabled={!confirm || remove.isPending}
        onClick={() => remove.mutate({ columnId: column.id, version: column.version })}
      >
        Delete column
      </button>
    </details>
  );
}
