import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { adminKeys } from "./keys";

export type Account = Schemas["UserRead"];
export const PAGE_SIZE = 50;

export const usersQuery = (offset: number) =>
  queryOptions({
    queryKey: adminKeys.users(offset),
    queryFn: () => unwrap(api.GET("/api/v1/admin/users", { params: { query: { limit: PAGE_SIZE, offset } } })),
  });

/** The previous page stays on screen while the next one loads. */
export const useUsers = (offset: number) => useQuery({ ...usersQuery(offset), placeholderData: keepPreviousData });
