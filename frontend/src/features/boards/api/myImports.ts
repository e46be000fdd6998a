import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

export const RECENT_IMPORTS = 5;

/** The signed-in user's newest imports, without their reports (the way back to one). */
export const myImportsQuery = () =>
  queryOptions({
    queryKey: boardsKeys.imports,
    queryFn: () => unwrap(api.GET("/api/v1/imports", { params: { query: { limit: RECENT_IMPORTS } } })),
  });

export const useMyImports = () => useQuery(myImportsQuery());
