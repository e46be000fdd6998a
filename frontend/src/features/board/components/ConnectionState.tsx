/** A quiet word on the board's connection: "Live", "Reconnecting…" or "Offline" (with
 * how many of the person's changes wait to be sent), announced politely when it changes. */
import { connectionWords } from "../../../lib/connection";
import { useConnection } from "../../../lib/live";
import { usePendingChanges } from "../api/pending";
import "./connection.css";

export function ConnectionState({ boardId }: { boardId: number }) {
  const state = useConnection(boardId);
  const waiting = usePendingChanges(boardId).filter((c) => c.queued).length;
  const words = connectionWords[state];
  const count = waiting > 0 ? ` · ${waiting} change${waiting === 1 ? "" : "s"} pending` : "";
  return (
    <p className="connection-state" role="status" data-state={state} title={words.detail || undefined}>
      {state !== "none" && (
        <>
          <span className="connection-dot" aria-hidden="true" />
          {words.label}
          {count}
        </>
      )}
    </p>
  );
}
