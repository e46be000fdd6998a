import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { cardAdded } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";
import { boardWrite } from "./pending";

/** Done when the card's event has put it on the board (api/confirm.ts). Made offline, it
 * waits for the network with a stand-in on the board (api/pending.ts). */
export function useCreateCard(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    ...boardWrite(boardId, "add"),
    mutationFn: (v: { columnId: number; title: string }) =>
      confirmed(
        confirming,
        unwrap(
          api.POST("/api/v1/columns/{column_id}/cards", {
            params: { path: { column_id: v.columnId } },
            body: { title: v.title },
          }),
        ),
        cardAdded,
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
