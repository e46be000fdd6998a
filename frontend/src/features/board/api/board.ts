import { queryOptions, useMutationState, useQuery, type Mutation, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, unwrap, type Board } from "../../../lib/api";
import { shown, type PendingMove, type PendingOrder } from "../model/pending";
import { boardKeys } from "./keys";

/** The board as the server has it: changed by its events only (hooks/useLiveBoard.ts). */
export const boardQuery = (boardId: number) =>
  queryOptions({
    queryKey: boardKeys.detail(boardId),
    queryFn: (): Promise<Board> =>
      unwrap(api.GET("/api/v1/boards/{board_id}", { params: { path: { board_id: boardId } } })),
  });

/** This tab's moves on the board that are still on their way (api/moveCard.ts). */
const movesOnTheirWay = (boardId: number) => ({ mutationKey: boardKeys.moves(boardId), status: "pending" as const });
const moveOf = (mutation: Mutation) => mutation.state.variables as PendingMove;
/** And its new orders of the columns (api/reorderColumns.ts). */
const ordersOnTheirWay = (boardId: number) => ({ mutationKey: boardKeys.columnOrders(boardId), status: "pending" as const });
const orderOf = (mutation: Mutation) => mutation.state.variables as PendingOrder;

/** The board as this tab shows it: the server's, with this tab's moves laid over it. */
export function useBoard(boardId: number) {
  const moves = useMutationState({ filters: movesOnTheirWay(boardId), select: moveOf });
  const orders = useMutationState({ filters: ordersOnTheirWay(boardId), select: orderOf });
  const select = useCallback((board: Board) => shown(board, orders, moves), [orders, moves]);
  return useQuery({ ...boardQuery(boardId), select });
}

/** The same outside React (tests). */
export function shownBoard(qc: QueryClient, boardId: number): Board | undefined {
  const board = qc.getQueryData<Board>(boardKeys.detail(boardId));
  const cache = qc.getMutationCache();
  const moves = cache.findAll(movesOnTheirWay(boardId)).map(moveOf);
  const orders = cache.findAll(ordersOnTheirWay(boardId)).map(orderOf);
  return board && shown(board, orders, moves);
}
