import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, bearer, unwrap } from "../../../lib/api";
import { mfaTokenOf, SecondFactorNeeded } from "../../../lib/auth";
import { switchUser, type User } from "./me";

/** Logged in, or asked for the second factor (two-factor log-in): the code goes with
 * `mfaToken` to completeMfa. */
export type LogInResult = { user: User; mfaToken?: never } | { mfaToken: string; user?: never };

/** The token of a log-in step that asks for a code, whichever transport answered. */
export function secondStepOf(error: unknown): string | null {
  if (error instanceof SecondFactorNeeded) return error.mfaToken;
  return error instanceof ApiError && error.status === 401 ? mfaTokenOf(error.problem) : null;
}

export async function logIn(email: string, password: string): Promise<LogInResult> {
  try {
    if (bearer) {
      await bearer.logIn(email, password);
      return { user: await unwrap(api.GET("/api/v1/me")) };
    }
    const session = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } }));
    return { user: session.user };
  } catch (error) {
    const mfaToken = secondStepOf(error);
    if (mfaToken) return { mfaToken };
    throw error;
  }
}

export function useLogIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { email: string; password: string }) => logIn(v.email, v.password),
    onSuccess: (result) => {
      if (result.user) switchUser(qc, result.user);
    },
  });
}
