import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** "Forgot your password?": the server answers the same for every address and mails a
 * link (to its own page, which works in any browser) only to an account's address. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password-reset", { body: { email } })),
  });
}
