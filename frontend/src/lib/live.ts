/** The tab's one live connection, shared by whatever needs it: the board being viewed,
 * the notifications menu, the "who is here" list. Presence goes straight into the query
 * cache under `liveKeys.presence(board)`; other messages go to whoever listens. */
import { onlineManager, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { API_URL, transport } from "./api";
import { connectionOf, type Connection } from "./connection";
import type { BoardEvent, LiveMessage } from "./protocol";
import { RealtimeClient } from "./realtime";

export interface Viewer {
  id: number;
  display_name: string;
}

/** How board events reach the board's cache (set by the board feature). */
export interface BoardSink {
  since: (boardId: number) => number | null;
  onEvent: (event: BoardEvent) => void;
  onResync: (boardId: number) => void;
}

export const liveKeys = {
  /** Who is viewing a board, as the server last pushed it (never fetched). */
  presence: (boardId: number) => ["presence", boardId] as const,
};

let client: RealtimeClient | null = null;
let sink: BoardSink | null = null;
const listeners = new Set<(message: LiveMessage) => void>();
const eventListeners = new Set<(event: BoardEvent) => void>();
/** Whoever shows the state of the connection (useConnection). */
const stateListeners = new Set<() => void>();
const changed = () => {
  for (const listener of stateListeners) listener();
};

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

function isViewers(value: unknown): value is Viewer[] {
  return Array.isArray(value) && value.every((v) => v && typeof v === "object" && typeof (v as Viewer).id === "number");
}

export function liveClient(qc: QueryClient): RealtimeClient {
  if (client) return client;
  client = new RealtimeClient({
    url: socketUrl,
    socket: (url) => new WebSocket(url),
    since: (boardId) => sink?.since(boardId) ?? null,
    onEvent: (event) => {
      sink?.onEvent(event);
      for (const listener of eventListeners) listener(event);
    },
    onResync: (boardId) => sink?.onResync(boardId),
    // Listeners learn of every (re)opened socket: what was pushed while it was down is lost.
    onOpen: () => {
      for (const listener of listeners) listener({ type: "socket.open" });
    },
    onChange: changed,
    onMessage: (message) => {
      if (message.type === "presence" && typeof message.board_id === "number" && isViewers(message.users)) {
        qc.setQueryData(liveKeys.presence(message.board_id), message.users);
      }
      for (const listener of listeners) listener(message);
    },
  });
  // A page opened without a network: TanStack assumes one until the browser says otherwise.
  if (typeof navigator !== "undefined" && !navigator.onLine) onlineManager.setOnline(false);
  const live = client;
  live.setOnline(onlineManager.isOnline());
  onlineManager.subscribe((online) => {
    live.setOnline(online);
  });
  return live;
}

export function setBoardSink(next: BoardSink): void {
  sink = next;
}

/** Whether the events of `boardId` reach this tab now: its subscription is confirmed on the
 * open socket (RealtimeClient.watching). */
export function watchingBoard(boardId: number): boolean {
  return client?.watching(boardId) ?? false;
}

/** Whether the server offers this tab live updates (false until it is known). */
export function liveOffered(): boolean {
  return client?.offered ?? false;
}

const available = () => typeof WebSocket !== "undefined";

/** Keeps the connection open while mounted and `enabled` (a signed-in user), handing
 * every non-board message to `listener`. */
export function useLiveMessages(listener: (message: LiveMessage) => void, enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || !available()) return;
    listeners.add(listener);
    const release = liveClient(qc).hold();
    return () => {
      listeners.delete(listener);
      release();
    };
  }, [qc, listener, enabled]);
}

/** Also hands the events of the boards this tab watches to `listener` (an activity feed). */
export function useBoardEvents(listener: (event: BoardEvent) => void): void {
  useEffect(() => {
    eventListeners.add(listener);
    return () => {
      eventListeners.delete(listener);
    };
  }, [listener]);
}

/** Who is viewing a board, as last pushed by the server (empty until the first push). */
export function usePresence(boardId: number): Viewer[] {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: liveKeys.presence(boardId),
    queryFn: () => qc.getQueryData<Viewer[]>(liveKeys.presence(boardId)) ?? [],
    staleTime: Infinity,
    gcTime: 0,
  });
  return data ?? [];
}

function subscribeConnection(listener: () => void): () => void {
  stateListeners.add(listener);
  const unsubscribe = onlineManager.subscribe(listener);
  return () => {
    stateListeners.delete(listener);
    unsubscribe();
  };
}

/** The state of this tab's connection for `boardId`: network, socket and subscription. */
export function useConnection(boardId: number): Connection {
  const snapshot = useCallback(
    () =>
      connectionOf({
        online: onlineManager.isOnline(),
        declined: client?.declined ?? !available(),
        watching: client?.watching(boardId) ?? false,
        reopening: client?.reopening ?? false,
      }),
    [boardId],
  );
  return useSyncExternalStore(subscribeConnection, snapshot, snapshot);
}
