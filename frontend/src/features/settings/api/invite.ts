import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { onBoard } from "./mutation";
import { settingsKeys } from "./keys";

/** Invites an address (202, the same answer for every address); the pending list is read
 * again. The person becomes a member once they accept. */
export function useInvite(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Schemas["Role"] }) =>
      unwrap(api.POST("/api/v1/boards/{board_id}/members", { ...onBoard(boardId), body })),
    onSettled: () => qc.invalidateQueries({ queryKey: settingsKeys.invitations(boardId) }),
  });
}
