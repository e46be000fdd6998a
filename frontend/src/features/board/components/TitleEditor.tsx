/** A tile's title being renamed in place (CardTile.tsx): Enter saves, Escape cancels,
 * leaving the field saves; a refused title says why. */
import { onlineManager } from "@tanstack/react-query";
import { useState, type KeyboardEvent } from "react";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import type { Card } from "../../../lib/api";
import { focusOnMount } from "../../../lib/focusOnMount";
import { useUpdateCard } from "../api/updateCard";

export default function TitleEditor({ boardId, card, onDone }: { boardId: number; card: Card; onDone: (byKey: boolean) => void }) {
  const [title, setTitle] = useState(card.title);
  const update = useUpdateCard(boardId);
  const { errors, required } = useFieldErrors(update.error);
  const id = `title-${card.id}`;
  function save(byKey: boolean) {
    // Blank is refused in the catalogue's words (Escape cancels), never silently dropped.
    if (!required({ title })) return;
    const value = title.trim();
    if (value === card.title) {
      onDone(byKey);
      return;
    }
    update.mutate({ cardId: card.id, version: card.version, changes: { title: value }, title: card.title }, { onSuccess: () => onDone(byKey) });
    // Offline the new title waits for the network, shown on the tile as pending.
    if (!onlineManager.isOnline()) onDone(byKey);
  }
  function onKey(event: KeyboardEvent) {
    if (event.key === "Enter") {
      event.preventDefault();
      save(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onDone(true);
    }
  }
  return (
    <div className="field">
      <label htmlFor={`title-${card.id}`} className="visually-hidden">
        Card title
      </label>
      <input id={id} type="text" value={title} maxLength={200} ref={focusOnMount} onChange={(e) => setTitle(e.target.value)} onKeyDown={onKey} onBlur={() => save(false)} {...described(id, errors.title)} />
      <FieldError id={id} message={errors.title} />
      {update.error && !errors.title && <p className="field-error" role="alert">{update.error.message}</p>}
    </div>
  );
}
