import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer } from "../../../lib/api";
import { meKey } from "./me";

export function useLogOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (bearer) await bearer.logOut();
      else await api.POST("/api/v1/auth/logout", {});
    },
    onSettled: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}
