/** The card's own activity, newest first: refreshed by the card's events. */
import type { Board } from "../../../../lib/api";
import { timeAgo } from "../../../../lib/dates";
import { LocalTime } from "../../../../lib/LocalTime";
import { useCardActivity } from "../../api/cardActivity";
import { cardEventWords } from "../../model/cardActivity";

export function CardActivity({ board, cardId }: { board: Board; cardId: number }) {
  const activity = useCardActivity(cardId);
  return (
    <section className="cv-section">
      <h3 id="card-activity-title">Activity</h3>
      {activity.isPending && <p className="muted">Loading the activity…</p>}
      {activity.error && <p className="field-error">Could not load the activity.</p>}
      {activity.data?.items.length === 0 && <p className="muted">Nothing yet.</p>}
      <ol className="cv-activity">
        {activity.data?.items.map((event) => (
          <li key={event.seq}>
            <strong>{event.actor?.display_name ?? "Someone"}</strong> {cardEventWords(event, board)}{" "}
            <LocalTime iso={event.at}>{timeAgo(event.at)}</LocalTime>
          </li>
        ))}
      </ol>
    </section>
  );
}
