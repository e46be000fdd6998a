/** Move the card to another column (or place in this one): column and position. */
import { useState, type FormEvent } from "react";
import type { Board, Card } from "../../../../lib/api";
import { useMoveCard } from "../../api/moveCard";

export function MoveCard({ board, card }: { board: Board; card: Card }) {
  const [error, setError] = useState<string | null>(null);
  const move = useMoveCard(board.id, setError);
  const [columnId, setColumnId] = useState(card.column_id);
  const [position, setPosition] = useState("");
  const column = board.columns.find((c) => c.id === columnId);
  const count = column ? column.cards.filter((c) => c.id !== card.id).length : 0;
  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const wanted = position ? Math.max(1, Number(position)) - 1 : count;
    move.mutate({ cardId: card.id, columnId, index: Math.min(wanted, count), version: card.version });
  }
  return (
    <section className="cv-section">
      <h3 id="card-move-title">Move</h3>
      <form className="cv-move" onSubmit={submit}>
        <div className="field">
          <label htmlFor="card-move-column">Column</label>
          <select id="card-move-column" value={columnId} onChange={(e) => setColumnId(Number(e.target.value))}>
            {board.columns.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="card-move-position">Position (1 = top)</label>
          <input id="card-move-position" type="number" min={1} max={count + 1} value={position} placeholder={String(count + 1)} onChange={(e) => setPosition(e.target.value)} aria-describedby="card-move-hint" />
          <p className="hint" id="card-move-hint">Leave blank to put it last.</p>
        </div>
        <button type="submit" className="small secondary" disabled={move.isPending}>Move card</button>
      </form>
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
