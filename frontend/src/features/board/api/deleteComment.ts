import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** The author, or a board owner, deletes a comment; the list is read again after. */
export function useDeleteComment(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (commentId: number) =>
      unwrap(api.DELETE("/api/v1/comments/{comment_id}", { params: { path: { comment_id: commentId } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) }),
  });
}
