import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

export const boardsQuery = (archived = false) =>
  queryOptions({
    queryKey: ["boards", { archived }],
    queryFn: () => unwrap(api.GET("/api/v1/boards", { params: { query: { archived, limit: 100 } } })),
  });

export const useBoards = (archived = false) => useQuery(boardsQuery(archived));
