import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

export function useRenameColumn(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { columnId: number; name: string; version: number }) =>
      unwrap(
        api.PATCH("/api/v1/columns/{column_id}", {
          params: { path: { column_id: v.columnId } },
          body: { name: v.name, version: v.version },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  });
}
