import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

export function useCreateColumn(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.POST("/api/v1/boards/{board_id}/columns", { params: { path: { board_id: boardId } }, body: { name } })),
    onSettled: () => qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  });
}
