import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { accountKeys } from "./keys";

/** The server ends the user's other sessions: the list is read again. */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PasswordChange"]) => unwrap(api.POST("/api/v1/me/password", { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}
