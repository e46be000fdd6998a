/** Archive (hidden from the board, kept) and delete: no "are you sure?" — each offers
 * Undo in a toast (lib/toast.ts; the server keeps a deletion ~30 s). */
import { useQueryClient } from "@tanstack/react-query";
import type { Card } from "../../../../lib/api";
import { showUndo } from "../../../../lib/toast";
import { useDeleteCard } from "../../api/deleteCard";
import { restoreCard } from "../../api/restoreCard";
import { unarchiveCard } from "../../api/unarchiveCard";
import type { useUpdateCard } from "../../api/updateCard";

interface Props {
  boardId: number;
  card: Card;
  update: ReturnType<typeof useUpdateCard>;
  onDone: () => void;
}

export function CardActions({ boardId, card, update, onDone }: Props) {
  const remove = useDeleteCard(boardId);
  const confirming = { qc: useQueryClient(), boardId };
  function archive() {
    const title = card.title;
    // The promise, not mutate's onSuccess: the card leaves the board (and this dialog
    // its parts) as soon as its event comes, before the write is done.
    update
      .mutateAsync({ cardId: card.id, version: card.version, changes: { archived: true } })
      .then((archived) => {
        showUndo(`“${title}” archived.`, () => unarchiveCard(confirming, card.id, archived.version));
        onDone();
      })
      .catch(() => undefined); // shown by the dialog (the mutation's error)
  }
  function del() {
    const title = card.title;
    remove
      .mutateAsync({ cardId: card.id, version: card.version })
      .then(() => {
        showUndo(`“${title}” deleted.`, () => restoreCard(confirming, card.id));
        onDone();
      })
      .catch(() => undefined); // shown below (the mutation's error)
  }
  return (
    <section className="cv-section">
      <h3 id="card-manage-title">Manage</h3>
      <div className="actions">
        <button type="button" className="secondary" disabled={update.isPending} onClick={archive}>
          Archive
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={del}>
          Delete
        </button>
      </div>
      {remove.error && <p className="field-error" role="alert">{remove.error.message}</p>}
    </section>
  );
}
