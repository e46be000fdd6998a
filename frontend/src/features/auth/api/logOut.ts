import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer } from "../../../lib/api";
import { switchUser } from "./me";

export function useLogOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (bearer) await bearer.logOut();
      else await api.POST("/api/v1/auth/logout", {});
    },
    onSettled: () => switchUser(qc, null),
  });
}
