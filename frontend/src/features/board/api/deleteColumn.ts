import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

export function useDeleteColumn(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { columnId: number; version: number }) =>
      unwrap(
        api.DELETE("/api/v1/columns/{column_id}", {
          params: { path: { column_id: v.columnId }, header: { "if-match": `"${v.version}"` } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  });
}
