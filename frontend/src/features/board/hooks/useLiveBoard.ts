/** Live updates for a board held in the query cache. Harmless where the server offers no
 * WebSocket: the ticket request answers 404 once and the client stays idle. */
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Board } from "../../../lib/api";
import { liveClient, setBoardSink, type BoardSink } from "../../../lib/live";
import type { BoardEvent } from "../../../lib/protocol";
import { noteCardEvent } from "../api/cardEvents";
import { boardKeys } from "../api/keys";
import { applyEvent } from "../model/events";

/** A board event into the cached board: the way the server's changes reach it (with a
 * full read after a gap, or when the board was deleted). */
export function receiveEvent(qc: QueryClient, event: BoardEvent): void {
  const key = boardKeys.detail(event.board_id);
  noteCardEvent(qc, event);
  const board = qc.getQueryData<Board>(key);
  if (!board) return;
  const outcome = applyEvent(board, event);
  if (outcome.kind === "applied") qc.setQueryData(key, outcome.board);
  else if (outcome.kind === "gap" || outcome.kind === "gone") void qc.invalidateQueries({ queryKey: key });
}

function sinkFor(qc: QueryClient): BoardSink {
  return {
    since: (boardId) => qc.getQueryData<Board>(boardKeys.detail(boardId))?.seq ?? null,
    onEvent: (event) => receiveEvent(qc, event),
    onResync: (boardId) => void qc.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
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
