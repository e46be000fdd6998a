import { useMutationState, useQuery, type Mutation, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Board } from "../../../lib/api";
import { shown, type PendingOrder } from "../model/pending";
import { boardQuery } from "./boardQuery";
import { boardKeys } from "./keys";
import { pendingChanges, usePendingChanges } from "./pending";

/** This tab's new orders of the columns on their way (api/reorderColumns.ts). */
const ordersOnTheirWay = (boardId: number) => ({ mutationKey: boardKeys.columnOrders(boardId), status: "pending" as const });
const orderOf = (mutation: Mutation) => mutation.state.variables as PendingOrder;

/** The board as this tab shows it: the server's, with this tab's column orders and other
 * writes on their way laid over it (api/pending.ts). */
export function useBoard(boardId: number) {
  const changes = usePendingChanges(boardId);
  const orders = useMutationState({ filters: ordersOnTheirWay(boardId), select: orderOf });
  const select = useCallback((board: Board) => shown(board, orders, changes), [orders, changes]);
  return useQuery({ ...boardQuery(boardId), select });
}

/** The same outside React (tests). */
export function shownBoard(qc: QueryClient, boardId: number): Board | undefined {
  const board = qc.getQueryData<Board>(boardKeys.detail(boardId));
  const orders = qc.getMutationCache().findAll(ordersOnTheirWay(boardId)).map(orderOf);
  return board && shown(board, orders, pendingChanges(qc, boardId));
}
