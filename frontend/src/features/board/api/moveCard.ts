import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap, type CardRead as Card } from "../../../lib/api";
import { rebase, type PendingMove } from "../model/pending";
import { cardChanged } from "../model/shows";
import { afterFailure, confirmed, tabLive, type Live } from "./confirm";
import { boardWrite, ownSteps, wrote, type Queued } from "./pending";

export interface MoveVars extends PendingMove {
  /** The card's version as the person saw it: a 409 if it changed meanwhile. */
  version: number;
  /** The card's title, to name it if the move is refused. */
  title?: string;
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

export interface MoveOptions {
  qc: QueryClient;
  boardId: number;
  send?: SendMove;
  onError?: (message: string) => void;
  live?: Live;
  waitMs?: number;
}

/** A move shows at once: while it is on its way useBoard lays it over the cached board,
 * which it never writes. It is done when its event has moved the card in the cache too
 * (api/confirm.ts; the event also brings the card's new version for its next move). On
 * any error — a 409 included — it simply stops being shown: the board is back to what its
 * events say, changes that came meanwhile included. A move made offline waits for the
 * network (api/pending.ts); if it is refused then, the board names it (useRefusals). */
export function moveCardOptions({ qc, boardId, send = sendMove, onError, live, waitMs }: MoveOptions) {
  const confirming = { qc, boardId, live, waitMs };
  return {
    ...boardWrite(boardId, "move"),
    mutationFn: async (v: MoveVars) => {
      // This tab's earlier writes to the card, sent before this one, are not a conflict.
      const version = rebase(v.version, ownSteps(qc, v.cardId));
      const card = await confirmed(confirming, send({ ...v, version }), cardChanged);
      wrote(qc, v.cardId, version, card.version);
      return card;
    },
    onError: (error: unknown, _v: MoveVars, context: Queued | undefined) => {
      afterFailure(confirming, error);
      if (!context?.queued) onError?.(moveMessage(error));
    },
  };
}

export function useMoveCard(boardId: number, onError: (message: string) => void) {
  const qc = useQueryClient();
  return useMutation(moveCardOptions({ qc, boardId, onError, live: tabLive }));
}
