import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { boardKeys } from "./keys";

export type CardEvent = Schemas["ActivityPage"]["items"][number];

/** The card's own activity, newest first (refreshed by its events: api/cardEvents.ts). */
export const cardActivityQuery = (cardId: number) =>
  queryOptions({
    queryKey: boardKeys.cardActivity(cardId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/cards/{card_id}/activity", { params: { path: { card_id: cardId }, query: { limit: 20 } } })),
  });

export const useCardActivity = (cardId: number) => useQuery(cardActivityQuery(cardId));
