import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { adminKeys } from "./keys";

/** Deactivating ends every session and token of the account (on the server). */
export function useSetActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: number; active: boolean }) =>
      unwrap(api.PATCH("/api/v1/admin/users/{user_id}", { params: { path: { user_id: v.userId } }, body: { is_active: v.active } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: adminKeys.all }),
  });
}
