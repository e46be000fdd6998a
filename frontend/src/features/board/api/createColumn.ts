import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { columnAdded } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Done when the column's event has put it on the board (api/confirm.ts). */
export function useCreateColumn(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (name: string) =>
      confirmed(
        confirming,
        unwrap(api.POST("/api/v1/boards/{board_id}/columns", { params: { path: { board_id: boardId } }, body: { name } })),
        columnAdded,
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
