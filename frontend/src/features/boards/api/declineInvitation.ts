import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

/** Turns the invitation down: it is gone, its link too. */
export function useDeclineInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: number) =>
      unwrap(api.POST("/api/v1/invitations/{invitation_id}/decline", { params: { path: { invitation_id: invitationId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: boardsKeys.invitations }),
  });
}
