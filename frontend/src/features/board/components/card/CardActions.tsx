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
    update.mutate(
      { cardId: card.id, version: card.version, changes: { archived: true } },
      {
        onSuccess: (archived) => {
          showUndo(`“${title}” archived.`, () => unarchiveCard(confirming, card.id, archived.version));
          onDone();
        },
      },
    );
  }
  function del() {
    const title = card.title;
    remove.mutate(
      { cardId: card.id, version: card.version },
      {
        onSuccess: () => {
          showUndo(`“${title}” deleted.`, () => restoreCard(confirming, card.id));
          onDone();
        },
      },
    );
  }
  return (
    <section className="cv-section">
      <h3 id="card-manage-title">Manage</h3>
      <div className="actions">
        <button type="button" className="secondary" disabled={update.isPending} onClick={archive}>
          Archive<span className="visually-hidden"> the card</span>
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={del}>
          Delete<span className="visually-hidden"> the card</span>
        </button>
      </div>
      {remove.error && <p className="field-error" role="alert">{remove.error.message}</p>}
    </section>
  );
}
