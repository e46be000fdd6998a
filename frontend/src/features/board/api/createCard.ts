import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { cardAdded } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Done when the card's event has put it on the board (api/confirm.ts). */
export function useCreateCard(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
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
