/** Labels and assignees: each a toggle that saves at once (the card's latest version; a
 * change that came meanwhile is refused and the board shows it). */
import type { Board, Card } from "../../../../lib/api";
import type { useUpdateCard } from "../../api/updateCard";
import { Avatar } from "./Avatar";
import { LabelDot } from "./LabelDot";

interface Props {
  board: Board;
  card: Card;
  update: ReturnType<typeof useUpdateCard>;
  readOnly: boolean;
}

const toggled = (ids: number[], id: number) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].sort((a, b) => a - b));

export function CardLabels({ board, card, update, readOnly }: Props) {
  const set = (label_ids: number[]) => update.mutate({ cardId: card.id, version: card.version, changes: { label_ids } });
  return (
    <section className="cv-section">
      <h3 id="card-labels-title">Labels</h3>
      {board.labels.length === 0 && <p className="hint">No labels yet: add them in the board's settings.</p>}
      <ul className="cv-toggles">
        {board.labels.map((label) => {
          const on = card.label_ids.includes(label.id);
          return (
            <li key={label.id}>
              <button type="button" className="chip cv-toggle" aria-pressed={on} disabled={readOnly || update.isPending} onClick={() => set(toggled(card.label_ids, label.id))}>
                <LabelDot color={label.color} />
                {label.name}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function CardAssignees({ board, card, update, readOnly }: Props) {
  const set = (assignee_ids: number[]) => update.mutate({ cardId: card.id, version: card.version, changes: { assignee_ids } });
  return (
    <section className="cv-section">
      <h3 id="card-assignees-title">Assignees</h3>
      <ul className="cv-toggles cv-people">
        {board.members.map((member) => {
          const on = card.assignee_ids.includes(member.user_id);
          return (
            <li key={member.user_id}>
              <button type="button" className="cv-toggle cv-person" aria-pressed={on} disabled={readOnly || update.isPending} onClick={() => set(toggled(card.assignee_ids, member.user_id))}>
                <Avatar userId={member.user_id} name={member.display_name} />
                <span className="cv-name">{member.display_name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
