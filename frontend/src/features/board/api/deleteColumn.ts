import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { columnGone } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Done when the column's event has taken it (and its cards) off the board (api/confirm.ts). */
export function useDeleteColumn(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (v: { columnId: number; version: number }) =>
      confirmed(
        confirming,
        unwrap(
          api.DELETE("/api/v1/columns/{column_id}", {
            params: { path: { column_id: v.columnId }, header: { "if-match": `"${v.version}"` } },
          }),
        ),
        () => columnGone(v.columnId),
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
