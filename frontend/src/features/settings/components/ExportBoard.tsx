/** Taking the board out (its owners): the whole board as Teamboard's document, with its
 * files as a zip, or its cards as CSV for a spreadsheet. */
import { useState } from "react";
import { download } from "../../../lib/files";

const FORMATS = [
  ["zip", "Everything (.zip)", "the board and its files; another Teamboard imports it whole"],
  ["json", "Board only (.json)", "columns, cards, labels, checklists, comments, members; files listed, not included"],
  ["csv", "Cards for a spreadsheet (.csv)", "one row per card"],
] as const;

export function ExportBoard({ boardId, name }: { boardId: number; name: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function take(format: string) {
    setBusy(format);
    setError(null);
    try {
      await download(`/api/v1/boards/${boardId}/export?format=${format}`, `${name}.${format}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The export failed; try again.");
    } finally {
      setBusy(null);
    }
  }
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <ul className="export-list">
        {FORMATS.map(([format, label, what]) => (
          <li key={format}>
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void take(format)}>
              {busy === format ? "Preparing…" : label}
            </button>{" "}
            <span className="hint">{what}</span>
          </li>
        ))}
      </ul>
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
