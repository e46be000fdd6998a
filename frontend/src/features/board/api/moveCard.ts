import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Board, type Card } from "../../../lib/api";
import { findCard, moveCard, replaceCard } from "../model/ordering";
import { boardKeys } from "./keys";

export interface MoveVars {
  boardId: number;
  cardId: number;
  columnId: number;
  index: number;
  version: number;
}

export type SendMove = (vars: MoveVars) => Promise<Card>;

const sendMove: SendMove = (v) =>
  unwrap(
    api.POST("/api/v1/cards/{card_id}/move", {
      params: { path: { card_id: v.cardId } },
      body: { column_id: v.columnId, position: v.index, version: v.version },
    }),
  );

export function moveMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 409)
    return "Someone else changed this card meanwhile; the board now shows the latest state.";
  if (error instanceof ApiError && error.status === 0) return error.message;
  return `The card could not be moved: ${error instanceof Error ? error.message : "unknown error"}. It is back where it was.`;
}

/** Moves at once in the cache, rolls back on any error (a 409 included), then refetches so
 * the board matches the server either way. */
export function moveCardOptions(qc: QueryClient, send: SendMove = sendMove, onError?: (message: string) => void) {
  return {
    mutationFn: send,
    onMutate: async (v: MoveVars) => {
      const key = boardKeys.detail(v.boardId);
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<Board>(key);
      if (previous) qc.setQueryData<Board>(key, moveCard(previous, v.cardId, v.columnId, v.index));
      return { previous };
    },
    onError: (error: unknown, v: MoveVars, context: { previous: Board | undefined } | undefined) => {
      if (context?.previous) qc.setQueryData<Board>(boardKeys.detail(v.boardId), context.previous);
      onError?.(moveMessage(error));
    },
    onSuccess: (card: Card, v: MoveVars) => {
      // The server's answer carries the card's new version, needed for its next move.
      qc.setQueryData<Board>(boardKeys.detail(v.boardId), (board) =>
        board && findCard(board, card.id) ? replaceCard(board, card) : board,
      );
    },
    onSettled: (_d: unknown, _e: unknown, v: MoveVars) => qc.invalidateQueries({ queryKey: boardKeys.detail(v.boardId) }),
  };
}

export function useMoveCard(onError: (message: string) => void) {
  const qc = useQueryClient();
  return useMutation(moveCardOptions(qc, sendMove, onError));
}
