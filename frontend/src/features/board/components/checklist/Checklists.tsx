/** The card's checklists in the card dialog: each with its progress and its items (ticked,
 * reworded, assigned, dated, reordered by drag or keyboard, turned into cards), and a form
 * for another. Every change shows by its event (api/cardEvents.ts), a tick at once. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import type { Board } from "../../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { focusOnMount, selectOnMount } from "../../../../lib/focusOnMount";
import { useAddChecklist } from "../../api/addChecklist";
import { listenToCardEvents } from "../../api/cardListeners";
import { editChecklists, useChecklists } from "../../api/checklists";
import { applyChecklistEvent, isChecklistEvent, progress } from "../../model/checklists";
import { ChecklistBlock } from "./ChecklistBlock";

export function Checklists({ board, cardId, canWrite }: { board: Board; cardId: number; canWrite: boolean }) {
  const lists = useChecklists(cardId);
  const qc = useQueryClient();
  useEffect(
    () =>
      listenToCardEvents((client, event) => {
        if (isChecklistEvent(event) && event.data.card_id === cardId) {
          editChecklists(client, cardId, (current) => applyChecklistEvent(current, event));
        }
      }),
    [qc, cardId],
  );
  const all = progress(lists.data ?? []);
  return (
    <section className="cv-section" aria-labelledby="checklists-title">
      <h3 id="checklists-title">
        Checklists{all.total > 0 && <span className="muted"> · {all.done}/{all.total} done</span>}
      </h3>
      {lists.error && <p className="field-error">Could not load the checklists.</p>}
      {lists.data?.map((list) => (
        <ChecklistBlock key={list.id} board={board} cardId={cardId} list={list} canWrite={canWrite} />
      ))}
      {canWrite && lists.data && <AddChecklist cardId={cardId} first={lists.data.length === 0} />}
    </section>
  );
}

function AddChecklist({ cardId, first }: { cardId: number; first: boolean }) {
  const add = useAddChecklist(cardId);
  const suggested = first ? "Checklist" : "";
  const [title, setTitle] = useState(suggested);
  const [open, setOpen] = useState(false);
  const { errors, required, formError } = useFieldErrors(add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ title })) return;
    add.mutate(title, { onSuccess: () => close("") });
  }
  // Closed, the form gives the focus back to its button (the field it had is gone), and
  // opens again with `next` selected (selectOnMount): cancelled, the suggestion.
  const [closed, setClosed] = useState(false);
  function close(next: string) {
    setTitle(next);
    setOpen(false);
    setClosed(true);
  }
  if (!open) {
    return (
      <button type="button" className="secondary small" ref={closed ? focusOnMount : undefined} onClick={() => setOpen(true)}>
        Add a checklist
      </button>
    );
  }
  const message = errors.title ?? formError;
  return (
    <form className="cl-add" onSubmit={submit} noValidate>
      <label htmlFor="checklist-title">Checklist title</label>
      <div className="cv-inline">
        <input id="checklist-title" type="text" value={title} ref={selectOnMount} onChange={(e) => setTitle(e.target.value)} {...described("checklist-title", message)} />
        <button type="submit" className="small" disabled={add.isPending}>Add</button>
        <button type="button" className="small secondary" onClick={() => close(suggested)}>Cancel</button>
      </div>
      <FieldError id="checklist-title" message={message} />
    </form>
  );
}
