/** The card's description: Markdown shown rendered; edited in place with a Write /
 * Preview toggle. */
import { useState, type FormEvent } from "react";
import { described, FieldError } from "../../../../lib/FieldError";
import { Markdown } from "../../../../lib/Markdown";
import { ConflictNotice } from "./ConflictNotice";
import type { CardField } from "./useCardField";
import { focusOnMount } from "../../../../lib/focusOnMount";

export function DescriptionField({ field, readOnly }: { field: CardField; readOnly: boolean }) {
  const { state } = field;
  const [preview, setPreview] = useState(false);
  function submit(event: FormEvent) {
    event.preventDefault();
    void field.save();
  }
  return (
    <section className="cv-section">
      <div className="cv-section-head">
        <h3 id="card-description-title">Description</h3>
        {!readOnly && !state.editing && (
          <button type="button" className="small secondary" onClick={() => { setPreview(false); field.start(); }}>
            Edit<span className="visually-hidden"> the description</span>
          </button>
        )}
      </div>
      {!state.editing ? (
        state.draft ? <Markdown source={state.draft} /> : <p className="muted">No description.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="tabs" role="group" aria-label="Description view">
            <button type="button" className="link-button" aria-pressed={!preview} onClick={() => setPreview(false)}>Write</button>
            <button type="button" className="link-button" aria-pressed={preview} onClick={() => setPreview(true)}>Preview</button>
          </div>
          {preview ? (
            <div className="cv-preview"><Markdown source={state.draft || "_Nothing to preview._"} /></div>
          ) : (
            <>
              <label htmlFor="card-description" className="visually-hidden">Description</label>
              <textarea id="card-description" rows={8} value={state.draft} onChange={(e) => field.type(e.target.value)} ref={focusOnMount} {...described("card-description", field.error ?? undefined)} />
            </>
          )}
          <p className="hint">Markdown: **bold**, _italic_, `code`, [links](https://example.com), lists and tables.</p>
          {state.conflict && <ConflictNotice conflict={state.conflict} label="description" id="card-description-conflict" onKeep={field.keepMine} onTake={field.takeTheirs} />}
          <FieldError id="card-description" message={field.error ?? undefined} />
          <div className="actions">
            <button type="submit" className="small" disabled={field.saving}>Save description</button>
            <button type="button" className="small secondary" onClick={field.cancel}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
