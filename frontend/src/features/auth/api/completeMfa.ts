import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer, unwrap } from "../../../lib/api";
import { switchUser, type User } from "./me";

/** The second step of a log-in (two-factor): the token the first step answered and a code
 * from the authenticator app, or a recovery code. Answers what the first step would have:
 * the session cookie, or (split origin) the token pair. */
export async function completeMfa({ mfaToken, code }: { mfaToken: string; code: string }): Promise<User> {
  if (bearer) {
    await bearer.completeMfa(mfaToken, code);
    return unwrap(api.GET("/api/v1/me"));
  }
  const answer = await unwrap(api.POST("/api/v1/auth/mfa", { body: { mfa_token: mfaToken, code } }));
  if (!("user" in answer)) throw new Error("The server answered with tokens where a session was expected.");
  return answer.user;
}

export function useCompleteMfa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: completeMfa,
    onSuccess: (user) => switchUser(qc, user),
  });
}
