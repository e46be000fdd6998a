import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer, unwrap } from "../../../lib/api";
import { switchUser, type User } from "./me";

/** Split origin only: the code from the provider's round trip becomes this tab's session,
 * traded with the verifier this tab kept when it started the log-in. */
export async function exchangeCode({ code, verifier }: { code: string; verifier: string }): Promise<User> {
  if (!bearer) throw new Error("Provider codes are only exchanged by an SPA on its own origin.");
  await bearer.exchange(code, verifier);
  return unwrap(api.GET("/api/v1/me"));
}

export function useOAuthExchange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: exchangeCode,
    onSuccess: (user) => switchUser(qc, user),
  });
}
