import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Board } from "../../../lib/api";
import { boardKeys } from "./keys";

export const boardQuery = (boardId: number) =>
  queryOptions({
    queryKey: boardKeys.detail(boardId),
    queryFn: (): Promise<Board> =>
      unwrap(api.GET("/api/v1/boards/{board_id}", { params: { path: { board_id: boardId } } })),
  });

export const useBoard = (boardId: number) => useQuery(boardQuery(boardId));
