import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer, unwrap } from "../../../lib/api";
import { secondStepOf, type LogInResult } from "./logIn";
import { switchUser } from "./me";

/** Split origin only: the code from the provider's round trip becomes this tab's session,
 * traded with the verifier this tab kept when it started the log-in; an account with
 * two-factor log-in is asked for its code next. */
export async function exchangeCode({ code, verifier }: { code: string; verifier: string }): Promise<LogInResult> {
  if (!bearer) throw new Error("Provider codes are only exchanged by an SPA on its own origin.");
  try {
    await bearer.exchange(code, verifier);
  } catch (error) {
    const mfaToken = secondStepOf(error);
    if (mfaToken) return { mfaToken };
    throw error;
  }
  return { user: await unwrap(api.GET("/api/v1/me")) };
}

export function useOAuthExchange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: exchangeCode,
    onSuccess: (result) => {
      if (result.user) switchUser(qc, result.user);
    },
  });
}
