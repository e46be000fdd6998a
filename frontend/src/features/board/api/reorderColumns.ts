import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Schemas } from "../../../lib/api";
import type { PendingOrder } from "../model/pending";
import { columnsInOrder } from "../model/shows";
import { afterFailure, confirmed, reread, tabLive, type Live } from "./confirm";
import { boardKeys } from "./keys";

export type SendOrder = (boardId: number, columnIds: number[]) => Promise<Schemas["ColumnRead"][]>;

const sendOrder: SendOrder = (boardId, columnIds) =>
  unwrap(
    api.PUT("/api/v1/boards/{board_id}/columns/order", {
      params: { path: { board_id: boardId } },
      body: { column_ids: columnIds },
    }),
  );

export function orderMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 0) return error.message;
  if (error instanceof ApiError && error.status === 422)
    return "The columns changed meanwhile (one was added or deleted); the board now shows the latest order.";
  return `The columns could not be reordered: ${error instanceof Error ? error.message : "unknown error"}. They are back where they were.`;
}

export interface OrderOptions {
  qc: QueryClient;
  boardId: number;
  send?: SendOrder;
  onError?: (message: string) => void;
  live?: Live;
  waitMs?: number;
}

/** A new order of the columns shows at once, laid over the cached board by useBoard while
 * it is on its way, like a card's move (api/moveCard.ts); done once its event
 * ("columns.reordered") has reordered the cached board, dropped — rolled back — if refused. */
export function reorderColumnsOptions({ qc, boardId, send = sendOrder, onError, live, waitMs }: OrderOptions) {
  const confirming = { qc, boardId, live, waitMs };
  return {
    mutationKey: boardKeys.columnOrders(boardId),
    mutationFn: (v: PendingOrder) => confirmed(confirming, send(boardId, v.columnIds), columnsInOrder),
    onError: (error: unknown) => {
      // A 422 says the board has other columns than this tab knows: read it again.
      if (error instanceof ApiError && error.status === 422) void reread(qc, boardId);
      else afterFailure(confirming, error);
      onError?.(orderMessage(error));
    },
  };
}

export function useReorderColumns(boardId: number, onError: (message: string) => void) {
  const qc = useQueryClient();
  return useMutation(reorderColumnsOptions({ qc, boardId, onError, live: tabLive }));
}
