import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { authKeys } from "./keys";

/** Saves the zone the account reads dates in (PATCH /me); the answer replaces `me`. */
export async function saveTimeZone(qc: QueryClient, zone: string | null): Promise<void> {
  const user = await unwrap(api.PATCH("/api/v1/me", { body: { time_zone: zone } }));
  qc.setQueryData(authKeys.me, user);
}
