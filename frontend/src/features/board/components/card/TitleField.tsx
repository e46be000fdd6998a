/** The card's title as the dialog's heading; pressing it edits it in place. */
import type { FormEvent, KeyboardEvent } from "react";
import { described, FieldError } from "../../../../lib/FieldError";
import { ConflictNotice } from "./ConflictNotice";
import type { CardField } from "./useCardField";
import { focusOnMount } from "../../../../lib/focusOnMount";

export function TitleField({ field, readOnly }: { field: CardField; readOnly: boolean }) {
  const { state } = field;
  if (!state.editing) {
    return (
      <h2 id="card-dialog-title" className="cv-title">
        {readOnly ? (
          state.draft
        ) : (
          <button type="button" className="cv-title-button" onClick={field.start} title="Edit the title">
            {state.draft}
            <span className="visually-hidden"> (edit the title)</span>
          </button>
        )}
      </h2>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void field.save();
  }
  function keys(event: KeyboardEvent) {
    if (event.key !== "Escape") return;
    event.preventDefault(); // not the dialog's: leave the title, not the card
    event.stopPropagation();
    field.cancel();
  }
  return (
    <form className="cv-title-form" onSubmit={submit} noValidate>
      <h2 id="card-dialog-title" className="visually-hidden">{state.base}</h2>
      <label htmlFor="card-title" className="visually-hidden">Title</label>
      <input id="card-title" type="text" maxLength={200} value={state.draft} onChange={(e) => field.type(e.target.value)} onKeyDown={keys} ref={focusOnMount} {...described("card-title", field.error ?? undefined)} />
      {state.conflict && <ConflictNotice conflict={state.conflict} label="title" id="card-title-conflict" onKeep={field.keepMine} onTake={field.takeTheirs} />}
      <FieldError id="card-title" message={field.error ?? undefined} />
      <div className="actions">
        <button type="submit" className="small" disabled={field.saving}>Save title</button>
        <button type="button" className="small secondary" onClick={field.cancel}>Cancel</button>
      </div>
    </form>
  );
}
