import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { columnChanged } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Sets (a number) or clears (null) a column's WIP limit; done when the column's event has
 * changed it on the board (api/confirm.ts). */
export function useSetWipLimit(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (v: { columnId: number; limit: number | null; version: number }) =>
      confirmed(
        confirming,
        unwrap(
          api.PATCH("/api/v1/columns/{column_id}", {
            params: { path: { column_id: v.columnId } },
            body: { wip_limit: v.limit, version: v.version },
          }),
        ),
        columnChanged,
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
