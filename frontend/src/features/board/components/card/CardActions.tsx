/** Archive (hidden from the board, kept) and delete (for good, after a confirmation). */
import type { Card } from "../../../../lib/api";
import { useDeleteCard } from "../../api/deleteCard";
import type { useUpdateCard } from "../../api/updateCard";

interface Props {
  boardId: number;
  card: Card;
  update: ReturnType<typeof useUpdateCard>;
  onDone: () => void;
}

export function CardActions({ boardId, card, update, onDone }: Props) {
  const remove = useDeleteCard(boardId);
  return (
    <section className="cv-section">
      <h3 id="card-manage-title">Manage</h3>
      <div className="actions">
        <button type="button" className="secondary" disabled={update.isPending} onClick={() => update.mutate({ cardId: card.id, version: card.version, changes: { archived: true } }, { onSuccess: onDone })}>
          Archive<span className="visually-hidden"> the card</span>
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete “${card.title}” for good?`)) remove.mutate({ cardId: card.id, version: card.version }, { onSuccess: onDone });
          }}
        >
          Delete<span className="visually-hidden"> the card</span>
        </button>
      </div>
      {remove.error && <p className="field-error" role="alert">{remove.error.message}</p>}
    </section>
  );
}
