import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { cardGone } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Done when the card's event has taken it off the board (api/confirm.ts). */
export function useDeleteCard(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (v: { cardId: number; version: number }) =>
      confirmed(
        confirming,
        unwrap(
          api.DELETE("/api/v1/cards/{card_id}", {
            params: { path: { card_id: v.cardId }, header: { "if-match": `"${v.version}"` } },
          }),
        ),
        () => cardGone(v.cardId),
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
