import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { columnChanged } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

/** Done when the column's event has renamed it on the board (api/confirm.ts). */
export function useRenameColumn(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (v: { columnId: number; name: string; version: number }) =>
      confirmed(
        confirming,
        unwrap(
          api.PATCH("/api/v1/columns/{column_id}", {
            params: { path: { column_id: v.columnId } },
            body: { name: v.name, version: v.version },
          }),
        ),
        columnChanged,
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
