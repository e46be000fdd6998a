import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { accountKeys } from "./keys";

export type Profile = Schemas["MeRead"];

export const profileQuery = queryOptions({
  queryKey: accountKeys.profile,
  queryFn: (): Promise<Profile> => unwrap(api.GET("/api/v1/me")),
});

export const useProfile = () => useQuery(profileQuery);
