import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { logIn } from "./logIn";
import { authKeys } from "./keys";

export function useSignUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { email: string; password: string; display_name: string }) => {
      await unwrap(api.POST("/api/v1/auth/signup", { body: v }));
      const result = await logIn(v.email, v.password);
      // A new account has no second factor yet.
      if (!result.user) throw new Error("Log in to finish: your account asks for a code.");
      return result.user;
    },
    onSuccess: (user) => qc.setQueryData(authKeys.me, user),
  });
}
