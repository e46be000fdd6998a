import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { activityKeys } from "./keys";

/** Events per page of the activity page, as on the server's page. */
export const PER_PAGE = 50;

/** One page of the board's events, newest first, from `offset`. */
export const activityPageQuery = (boardId: number, offset: number) =>
  queryOptions({
    queryKey: activityKeys.page(boardId, offset),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/boards/{board_id}/activity", {
          params: { path: { board_id: boardId }, query: { limit: PER_PAGE, offset } },
        }),
      ),
  });

export const useActivityPage = (boardId: number, offset: number) =>
  useQuery({ ...activityPageQuery(boardId, offset), placeholderData: keepPreviousData });
