import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import type { Checklist } from "../model/checklists";
import { boardKeys } from "./keys";

/** A card's checklists, from the card read (which holds them in order). */
export const checklistsQuery = (cardId: number) =>
  queryOptions({
    queryKey: boardKeys.checklists(cardId),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/cards/{card_id}", { params: { path: { card_id: cardId } } }))).checklists,
  });

export const useChecklists = (cardId: number) => useQuery(checklistsQuery(cardId));

/** Change the cached checklists in place (an event applied, or a tick shown before the
 * server answers); null from `change`: read them again. */
export function editChecklists(qc: QueryClient, cardId: number, change: (lists: Checklist[]) => Checklist[] | null) {
  const key = boardKeys.checklists(cardId);
  const lists = qc.getQueryData<Checklist[]>(key);
  if (!lists) return;
  const next = change(lists);
  if (next) qc.setQueryData(key, next);
  else void qc.invalidateQueries({ queryKey: key });
}
