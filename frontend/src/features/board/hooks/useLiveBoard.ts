/** Live updates for a board held in the query cache. Harmless where the server offers no
 * WebSocket: the ticket request answers 404 once and the client stays idle. */
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Board } from "../../../lib/api";
import { applyEvent } from "../model/events";
import { liveClient, setBoardSink } from "../../../lib/live";
import { boardKeys } from "../api/keys";

function sinkFor(qc: QueryClient) {
  return {
    since: (boardId: number) => qc.getQueryData<Board>(boardKeys.detail(boardId))?.seq ?? null,
    onEvent: (event: Parameters<typeof applyEvent>[1]) => {
      const key = boardKeys.detail(event.board_id);
      const board = qc.getQueryData<Board>(key);
      if (!board) return;
      const outcome = applyEvent(board, event);
      if (outcome.kind === "applied") qc.setQueryData(key, outcome.board);
      else if (outcome.kind === "gap" || outcome.kind === "gone") void qc.invalidateQueries({ queryKey: key });
    },
    onResync: (boardId: number) => void qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
  };
}

export function useLiveBoard(boardId: number, enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof WebSocket === "undefined") return;
    setBoardSink(sinkFor(qc));
    const live = liveClient(qc);
    live.subscribe(boardId);
    return () => live.unsubscribe(boardId);
  }, [qc, boardId, enabled]);
}
