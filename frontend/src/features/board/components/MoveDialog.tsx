import { useState, type FormEvent } from "react";
import type { Board } from "../../../lib/api";
import { findCard } from "../model/ordering";
import { useModal } from "./ShortcutHelp";

interface Props {
  board: Board;
  cardId: number;
  onMove: (columnId: number, index: number) => void;
  onClose: () => void;
}

/** "Move to…" (the `m` shortcut): a column and a position for the card, as the server's
 * card page offers them. */
export function MoveDialog({ board, cardId, onMove, onClose }: Props) {
  const ref = useModal();
  const card = findCard(board, cardId);
  const [columnId, setColumnId] = useState(card?.column_id ?? board.columns[0]?.id ?? 0);
  const target = board.columns.find((c) => c.id === columnId);
  const others = target ? target.cards.filter((c) => c.id !== cardId).length : 0;
  const here = card?.column_id === columnId;
  const [position, setPosition] = useState<number | null>(card ? card.position : null);
  // Another column: at its end unless chosen; positions count from 1 for people.
  const chosen = Math.min(position ?? others, others);
  function submit(event: FormEvent) {
    event.preventDefault();
    onMove(columnId, chosen);
    onClose();
  }
  if (!card) return null;
  return (
    <dialog ref={ref} className="keys-dialog move-dialog" aria-labelledby="move-dialog-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="move-dialog-title">Move “{card.title}” to…</h2>
        <div className="field">
          <label htmlFor="move-dialog-column">Column</label>
          <select
            id="move-dialog-column"
            value={columnId}
            onChange={(e) => {
              setColumnId(Number(e.target.value));
              setPosition(null);
            }}
          >
            {board.columns.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="move-dialog-position">Position</label>
          <select id="move-dialog-position" value={chosen} onChange={(e) => setPosition(Number(e.target.value))}>
            {Array.from({ length: others + 1 }, (_, index) => (
              <option key={index} value={index}>
                {index + 1}
                {index === 0 ? " (top)" : index === others ? " (bottom)" : ""}
                {here && index === card.position ? " — where it is" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="dialog-actions">
          <button type="submit">Move</button>
          <button type="button" className="secondary" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
