import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** Whether the user follows the card: creating it, being assigned to it, commenting on it
 * or the Follow button follow it. */
export const followQuery = (cardId: number) =>
  queryOptions({
    queryKey: boardKeys.follow(cardId),
    queryFn: () => unwrap(api.GET("/api/v1/cards/{card_id}/follow", { params: { path: { card_id: cardId } } })),
  });

export const useFollow = (cardId: number) => useQuery(followQuery(cardId));
