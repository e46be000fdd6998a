import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** A card's files, oldest first (read again when a file or cover event comes). */
export const attachmentsQuery = (cardId: number) =>
  queryOptions({
    queryKey: boardKeys.attachments(cardId),
    queryFn: () => unwrap(api.GET("/api/v1/cards/{card_id}/attachments", { params: { path: { card_id: cardId } } })),
  });

export const useAttachments = (cardId: number) => useQuery(attachmentsQuery(cardId));
