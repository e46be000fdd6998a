/** The due date: set from a date field, or cleared. */
import { useState, type FormEvent } from "react";
import type { Card } from "../../../../lib/api";
import { ApiError } from "../../../../lib/api";
import { described, FieldError } from "../../../../lib/FieldError";
import type { useUpdateCard } from "../../api/updateCard";
import { DueChip } from "../TileParts";

interface Props {
  card: Card;
  update: ReturnType<typeof useUpdateCard>;
  readOnly: boolean;
}

export function DueDate({ card, update, readOnly }: Props) {
  const [day, setDay] = useState(card.due_date ?? "");
  const [shown, setShown] = useState(card.due_date);
  if (shown !== card.due_date) {
    // Changed elsewhere (or saved): the field follows the card.
    setShown(card.due_date);
    setDay(card.due_date ?? "");
  }
  const save = (due_date: string | null) => update.mutate({ cardId: card.id, version: card.version, changes: { due_date } });
  function submit(event: FormEvent) {
    event.preventDefault();
    save(day || null);
  }
  const error = update.error instanceof ApiError ? update.error.fields.due_date : undefined;
  return (
    <section className="cv-section">
      <h3 id="card-due-title">Due date</h3>
      <form className="cv-inline" onSubmit={submit} noValidate>
        <label htmlFor="card-due" className="visually-hidden">Due date</label>
        <input id="card-due" type="date" value={day} onChange={(e) => setDay(e.target.value)} disabled={readOnly} {...described("card-due", error)} />
        {!readOnly && (
          <>
            <button type="submit" className="small" disabled={update.isPending || day === (card.due_date ?? "")}>Set</button>
            <button type="button" className="small secondary" disabled={update.isPending || !card.due_date} onClick={() => save(null)}>
              Clear<span className="visually-hidden"> the due date</span>
            </button>
          </>
        )}
      </form>
      <FieldError id="card-due" message={error} />
      {card.due_date && (
        <p className="hint">
          <DueChip day={card.due_date} />
        </p>
      )}
    </section>
  );
}
