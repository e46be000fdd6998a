/** The signed-in user's newest imports under the import form: the way back to a result
 * left before it was done (choosing one follows it, as after its upload). */
import { Link } from "react-router";
import { localTime } from "../../../lib/dates";
import { RECENT_IMPORTS, useMyImports } from "../api/myImports";

const STATUS = { queued: "Waiting to start", running: "Importing", done: "Done", failed: "Failed" } as const;

export function RecentImports({ shown, onShow }: { shown: number | null; onShow: (id: number) => void }) {
  const imports = useMyImports();
  const items = imports.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="recent-imports">
      <h3 id="recent-imports-title">Your recent imports</h3>
      <ul className="plain-list import-list" aria-labelledby="recent-imports-title">
        {items.map((job) => (
          <li key={job.id}>
            <button
              type="button"
              className="link-button"
              aria-current={job.id === shown ? "true" : undefined}
              onClick={() => onShow(job.id)}
            >
              “{job.filename || "Untitled export"}”
            </button>
            <span className="badge">{STATUS[job.status]}</span>
            <time className="muted" dateTime={job.created_at}>
              {localTime(job.created_at)}
            </time>
            {/* The one followed above has its link there. */}
            {job.status === "done" && job.board_id !== null && job.id !== shown && <Link to={`/boards/${job.board_id}`}>Open the board</Link>}
          </li>
        ))}
      </ul>
      {(imports.data?.total ?? 0) > RECENT_IMPORTS && (
        <p className="hint">
          <a href="/imports">All your imports</a>
        </p>
      )}
    </div>
  );
}
