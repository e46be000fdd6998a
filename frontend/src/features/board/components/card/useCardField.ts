/** One text field of a card (title, description) edited in place: the draft survives any
 * change that comes meanwhile (model/conflict.ts decides), and a save is made against the
 * version the draft is based on — a 409 shows the same notice instead of losing text. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState } from "react";
import { ApiError, type Card } from "../../../../lib/api";
import { changedBy } from "../../api/cardEvents";
import { useUpdateCard } from "../../api/updateCard";
import { blankFields } from "../../../../lib/messages";
import { decide, fieldReducer, idle, type FieldState } from "../../model/conflict";

export type TextField = "title" | "description";
export function useCardField(boardId: number, card: Card, field: TextField) {
  const qc = useQueryClient();
  // Its own: a refusal here is this field's to show, nobody else's.
  const update = useUpdateCard(boardId);
  const value = card[field];
  const [state, dispatch] = useReducer(fieldReducer, undefined, () => idle(value, card.version));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    dispatch({ type: "remote", theirs: value, version: card.version, by: changedBy(qc, card.id, card.version) });
  }, [qc, card.id, value, card.version]);

  async function save(from: FieldState, retried = false): Promise<void> {
    const blank = field === "title" ? blankFields({ title: from.draft }).title : undefined;
    setError(blank ?? null);
    if (blank) return;
    setSaving(true);
    try {
      const saved = await update.mutateAsync({ cardId: card.id, version: from.baseVersion, changes: { [field]: from.draft } });
      dispatch({ type: "stop", value: saved[field], version: saved.version });
    } catch (failure) {
      const current = failure instanceof ApiError && failure.status === 409 ? (failure.problem.current as Card | undefined) : undefined;
      if (current && typeof current[field] === "string") {
        const theirs = current[field];
        const action = { type: "remote", theirs, version: current.version, by: changedBy(qc, card.id, current.version) } as const;
        dispatch(action);
        // Only other fields had changed: the draft is safe to save over the new version.
        const base = from.conflict?.theirs ?? from.base;
        if (!retried && decide(base, from.draft, theirs) === "keep") {
          await save(fieldReducer(from, action), true);
          return;
        }
      } else {
        setError(failure instanceof ApiError ? (failure.fields[field] ?? failure.message) : "The card could not be saved.");
      }
    } finally {
      setSaving(false);
    }
  }

  return {
    state,
    error,
    saving,
    start: () => dispatch({ type: "start", value, version: card.version }),
    cancel: () => {
      setError(null);
      dispatch({ type: "stop", value, version: card.version });
    },
    type: (draft: string) => dispatch({ type: "type", draft }),
    save: () => save(latest.current),
    keepMine: () => {
      const next = fieldReducer(latest.current, { type: "keepMine" });
      dispatch({ type: "keepMine" });
      void save(next);
    },
    takeTheirs: () => dispatch({ type: "takeTheirs" }),
  };
}

export type CardField = ReturnType<typeof useCardField>;
