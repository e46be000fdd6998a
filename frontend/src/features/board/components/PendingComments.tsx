/** Comments on a card written while offline, waiting to be sent (api/pending.ts). */
import { usePendingChanges } from "../api/pending";

export function PendingComments({ boardId, cardId }: { boardId: number; cardId: number }) {
  const waiting = usePendingChanges(boardId).filter((c) => c.kind === "comment" && c.queued && c.cardId === cardId);
  return waiting.map((change) => (
    <li key={change.id} className="comment pending" data-pending>
      <header className="meta">
        <strong>You</strong> <span className="pending-mark">Pending</span>
      </header>
      <p className="pending-body">{change.kind === "comment" ? change.body : ""}</p>
    </li>
  ));
}
