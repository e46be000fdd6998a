import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

export const commentsQuery = (cardId: number) =>
  queryOptions({
    queryKey: boardKeys.comments(cardId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/cards/{card_id}/comments", { params: { path: { card_id: cardId }, query: { limit: 100 } } })),
  });

export const useComments = (cardId: number) => useQuery(commentsQuery(cardId));
