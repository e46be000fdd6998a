import { useState, type FormEvent } from "react";
import { useCreateColumn } from "../api/createColumn";

export function NewColumn({ boardId }: { boardId: number }) {
  const [name, setName] = useState("");
  const create = useCreateColumn(boardId);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim(), { onSuccess: () => setName("") });
  }
  return (
    <form className="row-form new-column" onSubmit={submit}>
      <div className="field">
        <label htmlFor="new-column-name">New column</label>
        <input id="new-column-name" type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" className="small" disabled={create.isPending}>Add column</button>
      {create.error && <p className="field-error" role="alert">{create.error.message}</p>}
    </form>
  );
}
