import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { accountKeys } from "./keys";

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: number) =>
      unwrap(api.DELETE("/api/v1/me/sessions/{session_id}", { params: { path: { session_id: sessionId } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}
