import { useState, type FormEvent } from "react";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useCreateColumn } from "../api/createColumn";

export function NewColumn({ boardId }: { boardId: number }) {
  const [name, setName] = useState("");
  const create = useCreateColumn(boardId);
  const { errors, required, formError } = useFieldErrors(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ name })) create.mutate(name.trim(), { onSuccess: () => setName("") });
  }
  const message = errors.name ?? formError;
  return (
    <form className="row-form new-column" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="new-column-name">New column</label>
        <input id="new-column-name" type="text" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} {...described("new-column-name", message)} />
        <FieldError id="new-column-name" message={message} />
      </div>
      <button type="submit" className="small" disabled={create.isPending}>Add column</button>
    </form>
  );
}
