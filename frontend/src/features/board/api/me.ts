import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** Who is signed in: the card dialog offers to edit their own comments. */
export const meQuery = queryOptions({
  queryKey: boardKeys.me,
  queryFn: () => unwrap(api.GET("/api/v1/me")),
  staleTime: Infinity,
});

export const useMe = () => useQuery(meQuery);
