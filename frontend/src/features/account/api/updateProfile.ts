import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { sharedKeys } from "../../../lib/queryKeys";
import { accountKeys } from "./keys";

/** A new display name shows in the header at once; a new e-mail address waits for its
 * link (the answer's `pending_email`). */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ProfileUpdate"]) => unwrap(api.PATCH("/api/v1/me", { body })),
    onSuccess: (me) => {
      qc.setQueryData(accountKeys.profile, me);
      void qc.invalidateQueries({ queryKey: sharedKeys.me });
    },
  });
}
