import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { showUndo } from "../../../lib/toast";
import { boardKeys } from "./keys";

const reread = (qc: QueryClient, cardId: number) => qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) });

/** Bring back a deleted comment (the author or a board owner, within ~30 s). */
export async function restoreComment(qc: QueryClient, cardId: number, commentId: number) {
  const comment = await unwrap(api.POST("/api/v1/comments/{comment_id}/restore", { params: { path: { comment_id: commentId } } }));
  await reread(qc, cardId);
  return comment;
}

/** Delete a comment, offering "Comment deleted. Undo" in a toast (lib/toast.ts): no
 * confirmation first. For the card dialog's Delete button: `remove.mutate(comment.id)`. */
export function useDeleteComment(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (commentId: number) =>
      unwrap(api.DELETE("/api/v1/comments/{comment_id}", { params: { path: { comment_id: commentId } } })),
    onSuccess: (_answer, commentId) => {
      showUndo("Comment deleted.", () => restoreComment(qc, cardId, commentId));
    },
    onSettled: () => reread(qc, cardId),
  });
}
