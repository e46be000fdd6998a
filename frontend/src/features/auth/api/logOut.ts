import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, bearer } from "../../../lib/api";
import { switchUser } from "./me";

export function useLogOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // Signed out here first: the signed-in screens (the bell, the live socket) go, so
      // nothing asks the server with a session it is about to end (a 401 in the console).
      await qc.cancelQueries();
      switchUser(qc, null);
      if (bearer) await bearer.logOut();
      else await api.POST("/api/v1/auth/logout", {});
    },
    onSettled: () => switchUser(qc, null),
  });
}
