import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer, unwrap } from "../../../lib/api";
import { switchUser, type User } from "./me";

export async function logIn(email: string, password: string): Promise<User> {
  if (bearer) {
    await bearer.logIn(email, password);
    return unwrap(api.GET("/api/v1/me"));
  }
  const session = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } }));
  return session.user;
}

export function useLogIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { email: string; password: string }) => logIn(v.email, v.password),
    onSuccess: (user) => switchUser(qc, user),
  });
}
