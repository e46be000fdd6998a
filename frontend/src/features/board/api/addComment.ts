import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

export function useAddComment(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST("/api/v1/cards/{card_id}/comments", { params: { path: { card_id: cardId } }, body: { body } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) });
      // Commenting on a card follows it.
      void qc.invalidateQueries({ queryKey: boardKeys.follow(cardId) });
    },
  });
}
