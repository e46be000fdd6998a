import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

export const boardsQuery = (archived = false) =>
  queryOptions({
    queryKey: boardsKeys.list(archived),
    queryFn: () => unwrap(api.GET("/api/v1/boards", { params: { query: { archived, limit: 100 } } })),
  });

export const useBoards = (archived = false) => useQuery(boardsQuery(archived));
