/** A tile's title being renamed in place (CardTile.tsx): Enter saves, Escape cancels,
 * leaving the field saves; a refused title says why. What was typed while this chunk came
 * is not lost (lib/typeAhead.ts). */
import { onlineManager } from "@tanstack/react-query";
import { useRef, useState, type KeyboardEvent } from "react";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import type { Card } from "../../../lib/api";
import { focusOnMount } from "../../../lib/focusOnMount";
import { useUpdateCard } from "../api/updateCard";

interface Props {
  boardId: number;
  card: Card;
  onDone: (byKey: boolean) => void;
  /** What was typed since the edit began, before this field was there: it goes on the end
   * of the title, where the caret is. */
  typedAhead?: () => string;
}

export default function TitleEditor({ boardId, card, onDone, typedAhead }: Props) {
  // Read as the field is drawn, and it takes the focus in the same task (focusOnMount).
  const [title, setTitle] = useState(() => (card.title + (typedAhead?.() ?? "")).slice(0, 200));
  const update = useUpdateCard(boardId);
  const { errors, required } = useFieldErrors(update.error);
  const id = `title-${card.id}`;
  // Once the edit is over, the field's removal still blurs it in Chromium: that blur must
  // not save what Escape cancelled, nor save again what Enter saved.
  const over = useRef(false);
  function done(byKey: boolean) {
    over.current = true;
    onDone(byKey);
  }
  function save(byKey: boolean) {
    if (over.current || update.isPending) return;
    // Blank is refused in the catalogue's words (Escape cancels), never silently dropped.
    if (!required({ title })) return;
    const value = title.trim();
    if (value === card.title) {
      done(byKey);
      return;
    }
    update.mutate({ cardId: card.id, version: card.version, changes: { title: value }, title: card.title }, { onSuccess: () => done(byKey) });
    // Offline the new title waits for the network, shown on the tile as pending.
    if (!onlineManager.isOnline()) done(byKey);
  }
  function onKey(event: KeyboardEvent) {
    if (event.key === "Enter") {
      event.preventDefault();
      save(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      done(true);
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
