import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, bearer, unwrap, type Schemas } from "../../../lib/api";
import { authKeys } from "./keys";

export type User = Schemas["UserRead"];

/** The signed-in user, or null: a 401 is an answer here, not an error. */
export const meQuery = queryOptions({
  queryKey: authKeys.me,
  queryFn: async (): Promise<User | null> => {
    if (bearer && !bearer.hasSession) return null;
    try {
      return await unwrap(api.GET("/api/v1/me"));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

export const useMe = () => useQuery(meQuery);

/** Someone logged in or out: nothing cached for the previous user survives, but `me` stays
 * the same query — `qc.clear()` would leave mounted observers (the header) watching a
 * query that is no longer in the cache, showing the old answer until a reload. */
export function switchUser(qc: QueryClient, user: User | null): void {
  qc.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.me[0] });
  qc.setQueryData(authKeys.me, user);
}
