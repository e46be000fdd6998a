import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** The author edits their comment; the list is read again after. */
export function useEditComment(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { commentId: number; body: string }) =>
      unwrap(api.PATCH("/api/v1/comments/{comment_id}", { params: { path: { comment_id: v.commentId } }, body: { body: v.body } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) }),
  });
}
