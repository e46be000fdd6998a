import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

/** Joins the board with the invited role; answers the board as the new member sees it.
 * The board's members learn of it live (its `member.added` event). */
export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: number) =>
      unwrap(api.POST("/api/v1/invitations/{invitation_id}/accept", { params: { path: { invitation_id: invitationId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: boardsKeys.all }),
  });
}
