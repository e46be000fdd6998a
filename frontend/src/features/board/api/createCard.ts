import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Board } from "../../../lib/api";
import { placeCard } from "../model/ordering";
import { boardKeys } from "./keys";

export function useCreateCard(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { columnId: number; title: string }) =>
      unwrap(
        api.POST("/api/v1/columns/{column_id}/cards", {
          params: { path: { column_id: v.columnId } },
          body: { title: v.title },
        }),
      ),
    onSuccess: (card) => {
      qc.setQueryData<Board>(boardKeys.detail(boardId), (b) => b && placeCard(b, card, card.position));
      void qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) });
    },
  });
}
