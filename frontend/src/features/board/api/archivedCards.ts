import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { sharedKeys } from "../../../lib/queryKeys";

/** A board's archived cards (the API pages them; 100 is the most it gives at once). */
export const archivedKey = (boardId: number) => [...sharedKeys.board(boardId), "archived"] as const;

export const archivedCardsQuery = (boardId: number) =>
  queryOptions({
    queryKey: archivedKey(boardId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/boards/{board_id}/cards", {
          params: { path: { board_id: boardId }, query: { archived: true, limit: 100 } },
        }),
      ),
  });

export const useArchivedCards = (boardId: number) => useQuery(archivedCardsQuery(boardId));

export const rereadArchived = (qc: QueryClient, boardId: number) => qc.invalidateQueries({ queryKey: archivedKey(boardId) });
