import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { accountKeys } from "./keys";

export type Session = Schemas["SessionRead"];

export const sessionsQuery = queryOptions({
  queryKey: accountKeys.sessions,
  queryFn: (): Promise<Session[]> => unwrap(api.GET("/api/v1/me/sessions")),
});

export const useSessions = () => useQuery(sessionsQuery);
