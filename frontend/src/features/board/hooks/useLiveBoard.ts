/** Live updates for a board held in the query cache. Harmless where the server offers no
 * WebSocket: the ticket request answers 404 once and the client stays idle. */
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { API_URL, transport, type Board } from "../../../lib/api";
import { applyEvent } from "../../../lib/events";
import { RealtimeClient } from "../../../lib/realtime";
import { boardKey } from "../api/board";

let client: RealtimeClient | null = null;

async function socketUrl(): Promise<string | null> {
  const response = await transport(new Request(`${API_URL || location.origin}/api/v1/ws-ticket`, { method: "POST" }));
  if (response.status === 404 || response.status === 405) return null;
  if (!response.ok) throw new Error(`ticket refused (${response.status})`);
  const { ticket } = (await response.json()) as { ticket: string };
  const url = new URL("/ws", API_URL || location.origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("ticket", ticket);
  return url.toString();
}

function clientFor(qc: QueryClient): RealtimeClient {
  client ??= new RealtimeClient({
    url: socketUrl,
    socket: (url) => new WebSocket(url),
    since: (boardId) => qc.getQueryData<Board>(boardKey(boardId))?.seq ?? null,
    onEvent: (event) => {
      const key = boardKey(event.board_id);
      const board = qc.getQueryData<Board>(key);
      if (!board) return;
      const outcome = applyEvent(board, event);
      if (outcome.kind === "applied") qc.setQueryData(key, outcome.board);
      else if (outcome.kind === "gap" || outcome.kind === "gone") void qc.invalidateQueries({ queryKey: key });
    },
    onResync: (boardId) => void qc.invalidateQueries({ queryKey: boardKey(boardId) }),
  });
  return client;
}

export function useLiveBoard(boardId: number, enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof WebSocket === "undefined") return;
    const live = clientFor(qc);
    live.subscribe(boardId);
    return () => live.unsubscribe(boardId);
  }, [qc, boardId, enabled]);
}
