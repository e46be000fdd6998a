import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Board } from "../../../lib/api";

export const boardKey = (boardId: number) => ["board", boardId] as const;

export const boardQuery = (boardId: number) =>
  queryOptions({
    queryKey: boardKey(boardId),
    queryFn: (): Promise<Board> =>
      unwrap(api.GET("/api/v1/boards/{board_id}", { params: { path: { board_id: boardId } } })),
  });

export const useBoard = (boardId: number) => useQuery(boardQuery(boardId));
