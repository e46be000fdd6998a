import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer, unwrap } from "../../../lib/api";
import { meKey, type User } from "./me";

/** Split origin only: the code from the provider's round trip becomes this tab's session. */
export async function exchangeCode(code: string): Promise<User> {
  if (!bearer) throw new Error("Provider codes are only exchanged by an SPA on its own origin.");
  await bearer.exchange(code);
  return unwrap(api.GET("/api/v1/me"));
}

export function useOAuthExchange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: exchangeCode,
    // Nothing of another user can be cached on the way in (this tab had no session), and
    // clearing would strand the header's observer of the old `me` query.
    onSuccess: (user) => qc.setQueryData(meKey, user),
  });
}
