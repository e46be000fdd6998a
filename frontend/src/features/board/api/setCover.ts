import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** An image of the card as its cover, or none (null). */
export const useSetCover = (cardId: number) =>
  useMutation({
    mutationFn: (attachmentId: number | null) =>
      unwrap(api.PUT("/api/v1/cards/{card_id}/cover", { params: { path: { card_id: cardId } }, body: { attachment_id: attachmentId } })),
  });
