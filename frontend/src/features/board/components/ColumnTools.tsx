import { useState, type FormEvent } from "react";
import { ApiError, type Column } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useDeleteColumn } from "../api/deleteColumn";
import { useRenameColumn } from "../api/renameColumn";
import { useSetWipLimit } from "../api/setWipLimit";
import { parseWipLimit, WIP_MESSAGE } from "../model/wip";

/** Rename a column, set or clear its WIP limit, or delete it (with its cards, once
 * confirmed). */
export function ColumnTools({ boardId, column }: { boardId: number; column: Column }) {
  const [name, setName] = useState(column.name);
  const [confirm, setConfirm] = useState(false);
  const rename = useRenameColumn(boardId);
  const remove = useDeleteColumn(boardId);
  const { errors, required } = useFieldErrors(rename.error);
  const wip = useSetWipLimit(boardId);
  const wipFieldError = wip.error instanceof ApiError ? wip.error.fields.wip_limit : undefined;
  const error = errors.name ? remove.error : (rename.error ?? remove.error ?? (wipFieldError ? null : wip.error));
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
      <WipLimitForm column={column} id={id} pending={wip.isPending} serverError={wipFieldError ? WIP_MESSAGE : null}
        onSave={(limit) => wip.mutate({ columnId: column.id, limit, version: column.version })} />
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

interface WipProps {
  column: Column;
  id: string;
  pending: boolean;
  serverError: string | null;
  onSave: (limit: number | null) => void;
}

/** The limit as typed; a bad value is refused here with the server's own words. */
function WipLimitForm({ column, id, pending, serverError, onSave }: WipProps) {
  const [raw, setRaw] = useState(column.wip_limit ? String(column.wip_limit) : "");
  const [message, setMessage] = useState<string | null>(null);
  const error = message ?? serverError;
  function submit(event: FormEvent) {
    event.preventDefault();
    const input = parseWipLimit(raw);
    setMessage(input.ok ? null : input.message);
    if (input.ok && input.limit !== (column.wip_limit ?? null)) onSave(input.limit);
  }
  return (
    <form onSubmit={submit} noValidate>
      <div className={`field${error ? " has-error" : ""}`}>
        <label htmlFor={`${id}-wip`}>WIP limit</label>
        <input
          id={`${id}-wip`}
          type="text"
          inputMode="numeric"
          value={raw}
          onChange={(e) => setRaw(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-wip-hint${error ? ` ${id}-wip-error` : ""}`}
          data-wip-limit
        />
        <p className="hint" id={`${id}-wip-hint`}>Blank for no limit</p>
        {error && <p className="field-error" id={`${id}-wip-error`} role="alert">{error}</p>}
      </div>
      <button type="submit" className="small secondary" disabled={pending}>Set limit</button>
    </form>
  );
}
