/** What the card dialog hears of a board event besides the board itself: who made a
 * card's latest change (the edit-conflict notice names them), that its activity and
 * comments are out of date, and what changed in its checklists. */
import type { QueryClient } from "@tanstack/react-query";
import type { BoardEvent } from "../../../lib/protocol";
import { cardListeners } from "./cardListeners";
import { boardKeys } from "./keys";

export interface ChangedBy {
  version: number;
  by: string;
}

function cardOf(event: BoardEvent): { cardId: number; version?: number } | null {
  switch (event.type) {
    case "card.created":
    case "card.updated":
    case "card.archived":
    case "card.restored":
    case "card.moved":
      return { cardId: event.data.card.id, version: event.data.card.version };
    case "comment.created":
    case "comment.updated":
    case "comment.restored":
      return { cardId: event.data.comment.card_id };
    case "comment.deleted":
    case "checklist.created":
    case "checklist.updated":
    case "checklist.deleted":
    case "checklist_item.created":
    case "checklist_item.updated":
    case "checklist_item.deleted":
    case "attachment.created":
    case "attachment.deleted":
    case "card.cover_changed":
      return { cardId: event.data.card_id };
    default:
      return null;
  }
}

/** Call before the board takes the event, so that the dialog, re-rendering with the new
 * version, already knows who made it. */
export function noteCardEvent(qc: QueryClient, event: BoardEvent): void {
  const about = cardOf(event);
  if (!about) return;
  if (about.version !== undefined) {
    const changed: ChangedBy = { version: about.version, by: event.actor?.display_name ?? "Someone" };
    qc.setQueryData(boardKeys.changedBy(about.cardId), changed);
  }
  void qc.invalidateQueries({ queryKey: boardKeys.cardActivity(about.cardId) });
  if (event.type.startsWith("comment.")) void qc.invalidateQueries({ queryKey: boardKeys.comments(about.cardId) });
  if (event.type.startsWith("attachment.") || event.type === "card.cover_changed") {
    void qc.invalidateQueries({ queryKey: boardKeys.attachments(about.cardId) });
  }
  if (event.type.startsWith("checklist")) {
    // Out of date unless an open dialog applies the event next (which makes them fresh).
    void qc.invalidateQueries({ queryKey: boardKeys.checklists(about.cardId), refetchType: "none" });
  }
  for (const listener of cardListeners) listener(qc, event);
}

/** Who made the card's change at `version`, if this tab heard it. */
export function changedBy(qc: QueryClient, cardId: number, version: number): string {
  const known = qc.getQueryData<ChangedBy>(boardKeys.changedBy(cardId));
  return known?.version === version ? known.by : "Someone";
}
