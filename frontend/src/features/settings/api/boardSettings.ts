import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { settingsKeys } from "./keys";

/** The settings page's data: the board, its members and its labels, fetched together. */
export const boardSettingsQuery = (boardId: number) =>
  queryOptions({
    queryKey: settingsKeys.detail(boardId),
    queryFn: async () => {
      const path = { params: { path: { board_id: boardId } } };
      const [board, members, labels] = await Promise.all([
        unwrap(api.GET("/api/v1/boards/{board_id}", path)),
        unwrap(api.GET("/api/v1/boards/{board_id}/members", path)),
        unwrap(api.GET("/api/v1/boards/{board_id}/labels", path)),
      ]);
      return { board, members, labels };
    },
  });

export const useBoardSettings = (boardId: number) => useQuery(boardSettingsQuery(boardId));
