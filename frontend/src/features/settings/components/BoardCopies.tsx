/** Boards made from this one: a copy (any member; the copy is theirs alone) and, for its
 * owners, marking it a template that its members start new boards from. */
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useCopyBoard } from "../api/copyBoard";
import { useUpdateBoard } from "../api/updateBoard";

export function CopyBoard({ boardId, name: boardName }: { boardId: number; name: string }) {
  const [name, setName] = useState(`Copy of ${boardName}`);
  const [withCards, setWithCards] = useState(false);
  const copy = useCopyBoard(boardId);
  const navigate = useNavigate();
  const { errors, required, formError } = useFieldErrors(copy.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ name })) return;
    copy.mutate({ name, include_cards: withCards }, { onSuccess: (board) => void navigate(`/boards/${board.id}`) });
  }
  return (
    <section className="panel" aria-labelledby="copy-title">
      <h2 id="copy-title">Copy this board</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="copy-board-name">Name of the copy</label>
          <input id="copy-board-name" type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} {...described("copy-board-name", errors.name)} />
          <FieldError id="copy-board-name" message={errors.name} />
        </div>
        <div className="field check">
          <input id="copy-board-cards" type="checkbox" checked={withCards} onChange={(e) => setWithCards(e.target.checked)} />
          <label htmlFor="copy-board-cards">With its cards</label>
        </div>
        <p className="hint">
          The copy is yours alone: its columns (with their WIP limits) and labels, and if you choose, the cards on the
          board with their labels, checklists and files (not archived cards, comments or assignees).
        </p>
        {formError && <p className="field-error" role="alert">{formError}</p>}
        <button type="submit" className="secondary" disabled={copy.isPending}>
          {copy.isPending ? "Copying…" : "Copy board"}
        </button>
      </form>
    </section>
  );
}

export function TemplateSwitch({ boardId, isTemplate }: { boardId: number; isTemplate: boolean }) {
  const update = useUpdateBoard(boardId);
  const { formError } = useFieldErrors(update.error);
  return (
    <section className="panel" aria-labelledby="template-title">
      <h2 id="template-title">Template</h2>
      <p>
        {isTemplate
          ? "This board is a template: its members can start new boards from it, with its columns, labels and cards."
          : "Use this board as a template, and its members can start new boards from it, with its columns, labels and cards."}
      </p>
      {formError && <p className="field-error" role="alert">{formError}</p>}
      <button type="button" className="secondary" disabled={update.isPending} onClick={() => update.mutate({ is_template: !isTemplate })}>
        {isTemplate ? "Stop using as template" : "Use as template"}
      </button>
    </section>
  );
}
