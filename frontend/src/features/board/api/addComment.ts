import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";
import { boardWrite, type WriteVars } from "./pending";

/** A comment, in the board's queue of writes: made offline, it waits for the network and
 * shows as pending under the card (api/pending.ts). */
export function useAddComment(cardId: number, boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    ...boardWrite(boardId, "comment"),
    mutationFn: ({ body }: WriteVars["comment"]) =>
      unwrap(api.POST("/api/v1/cards/{card_id}/comments", { params: { path: { card_id: cardId } }, body: { body } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) });
      // Commenting on a card follows it.
      void qc.invalidateQueries({ queryKey: boardKeys.follow(cardId) });
    },
  });
}
