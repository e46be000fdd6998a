/** Copy the card to a column of any board the user edits, with the parts chosen (its
 * title, description and due date always come; comments never). Opened on demand: the
 * boards are read only then. */
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { Card, Schemas } from "../../../../lib/api";
import { useCopyCard } from "../../api/copyCard";
import { useCopyBoards, useCopyColumns } from "../../api/copyTargets";

type Part = Schemas["CopyPart"];
const PARTS: [Part, string][] = [
  ["labels", "Labels"],
  ["assignees", "Assignees"],
  ["checklists", "Checklists"],
  ["attachments", "Files"],
];

export function CopyCard({ card }: { card: Card }) {
  const [open, setOpen] = useState(false);
  const [boardId, setBoardId] = useState(card.board_id);
  const [columnId, setColumnId] = useState<number | null>(card.column_id);
  const [parts, setParts] = useState<Part[]>(PARTS.map(([part]) => part));
  const boards = useCopyBoards(open);
  const columns = useCopyColumns(boardId, open);
  const copy = useCopyCard(card.id);
  const target = columnId ?? columns.data?.[0]?.id ?? null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (target === null) return;
    copy.mutate({ column_id: target, position: 0, include: parts });
  }
  const toggle = (part: Part, on: boolean) => setParts((now) => (on ? [...now, part] : now.filter((p) => p !== part)));
  return (
    <section className="cv-section">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h3 id="card-copy-title" className="cv-summary-title">Copy</h3>
        </summary>
        <form className="cv-move" onSubmit={submit}>
          <div className="field">
            <label htmlFor="card-copy-board">Copy to board</label>
            <select id="card-copy-board" value={boardId} onChange={(e) => { setBoardId(Number(e.target.value)); setColumnId(null); }}>
              {(boards.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>{b.name}</option>
              ))}
              {!boards.data && <option value={card.board_id}>This board</option>}
            </select>
          </div>
          <div className="field">
            <label htmlFor="card-copy-column">Copy to column</label>
            <select id="card-copy-column" value={target ?? ""} onChange={(e) => setColumnId(Number(e.target.value))}>
              {(columns.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </div>
          <fieldset className="checks">
            <legend>Keep</legend>
            {PARTS.map(([part, label]) => (
              <div className="check" key={part}>
                <input type="checkbox" id={`card-copy-${part}`} checked={parts.includes(part)} onChange={(e) => toggle(part, e.target.checked)} />
                <label htmlFor={`card-copy-${part}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="small secondary" disabled={copy.isPending || target === null}>Copy card</button>
        </form>
        {copy.data && (
          <p className="hint" role="status">
            Copied, at the top of its column.{" "}
            <Link to={`/boards/${copy.data.board_id}/cards/${copy.data.id}`}>Open the copy</Link>
          </p>
        )}
        {copy.error && <p className="field-error" role="alert">{copy.error.message}</p>}
      </details>
    </section>
  );
}
