import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Board, type Schemas } from "../../../lib/api";
import { removeCard, replaceCard } from "../model/ordering";
import { boardKeys } from "./keys";

export type CardChanges = Omit<Schemas["CardUpdate"], "version">;

export function useUpdateCard(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { cardId: number; version: number; changes: CardChanges }) =>
      unwrap(
        api.PATCH("/api/v1/cards/{card_id}", {
          params: { path: { card_id: v.cardId } },
          body: { ...v.changes, version: v.version },
        }),
      ),
    onSuccess: (card) => {
      qc.setQueryData<Board>(boardKeys.detail(boardId), (b) => b && (card.archived ? removeCard(b, card.id) : replaceCard(b, card)));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  });
}
