import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** Where a card can be copied: the boards the user edits, and a chosen board's columns. */
export const copyBoardsQuery = () =>
  queryOptions({
    queryKey: ["card", "copy-boards"] as const,
    queryFn: async () => {
      const boards = await unwrap(api.GET("/api/v1/boards", { params: { query: { limit: 100 } } }));
      return boards.items.filter((b) => b.role !== "viewer" && !b.archived);
    },
  });

export const copyColumnsQuery = (boardId: number) =>
  queryOptions({
    queryKey: ["card", "copy-columns", boardId] as const,
    queryFn: () => unwrap(api.GET("/api/v1/boards/{board_id}/columns", { params: { path: { board_id: boardId } } })),
  });

export const useCopyBoards = (enabled: boolean) => useQuery({ ...copyBoardsQuery(), enabled });
export const useCopyColumns = (boardId: number, enabled: boolean) => useQuery({ ...copyColumnsQuery(boardId), enabled });
