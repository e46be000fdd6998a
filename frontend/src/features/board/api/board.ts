import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, unwrap, type Board } from "../../../lib/api";
import { withPending } from "../model/pending";
import { boardKeys } from "./keys";
import { pendingChanges, usePendingChanges } from "./pending";

/** The board as the server has it: changed by its events only (hooks/useLiveBoard.ts). */
export const boardQuery = (boardId: number) =>
  queryOptions({
    queryKey: boardKeys.detail(boardId),
    queryFn: (): Promise<Board> =>
      unwrap(api.GET("/api/v1/boards/{board_id}", { params: { path: { board_id: boardId } } })),
  });

/** The board as this tab shows it: the server's, with this tab's writes on their way laid
 * over it (api/pending.ts). */
export function useBoard(boardId: number) {
  const changes = usePendingChanges(boardId);
  const select = useCallback((board: Board) => withPending(board, changes), [changes]);
  return useQuery({ ...boardQuery(boardId), select });
}

/** The same outside React (tests). */
export function shownBoard(qc: QueryClient, boardId: number): Board | undefined {
  const board = qc.getQueryData<Board>(boardKeys.detail(boardId));
  return board && withPending(board, pendingChanges(qc, boardId));
}
