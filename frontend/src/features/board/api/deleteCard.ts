import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Board } from "../../../lib/api";
import { removeCard } from "../model/ordering";
import { boardKeys } from "./keys";

export function useDeleteCard(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { cardId: number; version: number }) =>
      unwrap(
        api.DELETE("/api/v1/cards/{card_id}", {
          params: { path: { card_id: v.cardId }, header: { "if-match": `"${v.version}"` } },
        }),
      ),
    onSuccess: (_r, v) => qc.setQueryData<Board>(boardKeys.detail(boardId), (b) => b && removeCard(b, v.cardId)),
    onSettled: () => qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  });
}
