import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { settingsKeys } from "./keys";

/** Withdraws a pending invitation: its mailed link stops working. */
export function useRevokeInvitation(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: number) =>
      unwrap(api.DELETE("/api/v1/invitations/{invitation_id}", { params: { path: { invitation_id: invitationId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: settingsKeys.invitations(boardId) }),
  });
}
