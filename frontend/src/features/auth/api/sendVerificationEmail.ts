import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap } from "../../../lib/api";
import { authKeys } from "./keys";

/** A new link to prove the signed-in account's address (throttled: a 429 says when to
 * try again). A 409 means it is proven already — in another tab, from the mailed link —
 * so `me` is asked again and the banner goes. */
export function useSendVerificationEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/verification-email")),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void qc.invalidateQueries({ queryKey: authKeys.me });
    },
  });
}
