import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { showUndo } from "../../../lib/toast";
import { rereadArchived } from "./archivedCards";

/** Delete an archived card (it is on no column, so no board event to wait for), offering
 * Undo: it comes back archived, with its comments. */
export function useDeleteArchivedCard(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { cardId: number; version: number; title: string }) =>
      unwrap(
        api.DELETE("/api/v1/cards/{card_id}", {
          params: { path: { card_id: v.cardId }, header: { "if-match": `"${v.version}"` } },
        }),
      ),
    onSuccess: (_answer, v) => {
      showUndo(`“${v.title}” deleted.`, async () => {
        await unwrap(api.POST("/api/v1/cards/{card_id}/restore", { params: { path: { card_id: v.cardId } } }));
        await rereadArchived(qc, boardId);
      });
    },
    onSettled: () => rereadArchived(qc, boardId),
  });
}
