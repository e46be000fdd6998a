import type { QueryClient } from "@tanstack/react-query";
import type { BoardEvent } from "../../../lib/protocol";

type Listener = (qc: QueryClient, event: BoardEvent) => void;
/** What an open card dialog does with board events besides api/cardEvents.ts (its
 * checklists take theirs: components/checklist/Checklists.tsx). Registered while it is
 * open, so that the islands, which have no dialog, carry none of its code. A module of
 * its own: both sides import it without sharing anything else. */
export const cardListeners = new Set<Listener>();

/** Listen while mounted; returns the unregistering. */
export function listenToCardEvents(listener: Listener): () => void {
  cardListeners.add(listener);
  return () => void cardListeners.delete(listener);
}
