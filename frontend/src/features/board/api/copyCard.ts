import { useMutation } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

/** A copy of a card in a column of a board the user edits; it shows by its event. */
export const useCopyCard = (cardId: number) =>
  useMutation({
    mutationFn: (body: Schemas["CardCopy"]) =>
      unwrap(api.POST("/api/v1/cards/{card_id}/copy", { params: { path: { card_id: cardId } }, body })),
  });
