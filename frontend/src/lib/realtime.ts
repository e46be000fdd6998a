/** A small live-updates client: one WebSocket, board subscriptions resumed from the last
 * seen seq, reconnection with exponential back-off. Nothing here knows about React. */
import { isBoardEvent, type BoardEvent, type LiveMessage } from "./protocol";

export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RealtimeOptions {
  /** The socket URL, or null when live updates are not offered (the client then stays idle). */
  url: () => Promise<string | null>;
  socket: (url: string) => SocketLike;
  /** The seq the cache holds for a board, sent as `since` so the server replays what was missed. */
  since: (boardId: number) => number | null;
  onEvent: (event: BoardEvent) => void;
  /** Everything else the server pushes (presence, notifications), already parsed. */
  onMessage?: (message: LiveMessage) => void;
  /** Each time a socket opens: on a reopen, what was pushed meanwhile is lost (refetch it). */
  onOpen?: () => void;
  /** The server cannot replay (too far behind) or the board is gone: refetch it. */
  onResync: (boardId: number) => void;
  /** Whenever `connected` or a board's confirmation may have changed (the connection indicator). */
  onChange?: () => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (id: unknown) => void };
}

const OPEN = 1;

export class RealtimeClient {
  private socket: SocketLike | null = null;
  private readonly boards = new Set<number>();
  /** Boards the server has confirmed on the open socket (`subscribed`): their events come. */
  private readonly confirmed = new Set<number>();
  /** Holders keep the socket open with no board subscribed (notifications reach the user anywhere). */
  private holders = 0;
  private attempts = 0;
  private timer: unknown = null;
  private stopped = true;
  private connecting = false;
  private unavailable = false;
  /** A socket of this client has opened before: a new one is a reconnection. */
  private opened = false;
  /** The device is offline: no socket and no retries until it is back (setOnline). */
  private offline = false;
  /** The server handed out a socket address: it offers live updates. */
  private available = false;
  /** Boards whose subscribe the server refused for now (rate_limited): sent again later. */
  private readonly later = new Map<number, unknown>();
  private readonly timers;

  constructor(private readonly options: RealtimeOptions) {
    this.timers = options.timers ?? {
      set: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clear: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
    };
  }

  get connected(): boolean {
    return this.socket?.readyState === OPEN;
  }

  /** The server offers live updates (false until it has said so by handing out a socket). */
  get offered(): boolean {
    return this.available;
  }

  /** The server said it offers no live updates: the client stays idle for good. */
  get declined(): boolean {
    return this.unavailable;
  }

  /** A socket has opened before: what is under way now is a reconnection. */
  get reopening(): boolean {
    return this.opened && !this.connected;
  }

  /** Whether the events of `boardId` reach this tab now: the open socket's subscription
   * was confirmed by the server. Not while the socket is down or being reopened. */
  watching(boardId: number): boolean {
    return this.connected && this.confirmed.has(boardId);
  }

  subscribe(boardId: number): void {
    this.boards.add(boardId);
    if (!this.start() && this.connected) this.sendSubscribe(boardId);
  }

  unsubscribe(boardId: number): void {
    if (!this.boards.delete(boardId)) return;
    if (this.confirmed.delete(boardId)) this.options.onChange?.();
    if (this.connected) this.socket?.send(JSON.stringify({ type: "unsubscribe", board_id: boardId }));
    this.stopIfIdle();
  }

  /** Keeps the socket open until the returned function is called, boards or not. */
  hold(): () => void {
    this.holders += 1;
    this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      this.stopIfIdle();
    };
  }

  /** The device lost or regained its network (the browser's `offline` / `online`). Offline,
   * the socket is closed at once — a dead connection can take minutes to notice — and no
   * retry is spent; back online, it reconnects now, not after the back-off, and resumes each
   * board from its seq like any reconnection. */
  setOnline(online: boolean): void {
    if (online === !this.offline) return;
    this.offline = !online;
    if (!online) {
      if (this.timer !== null) this.timers.clear(this.timer);
      this.timer = null;
      this.drop();
    } else {
      this.attempts = 0;
      if (!this.stopped && this.socket === null && this.timer === null) void this.connect();
    }
    this.options.onChange?.();
  }

  /** Connects if not connected yet; true when this call started the connection. */
  private start(): boolean {
    if (this.unavailable || !this.stopped) return false;
    this.stopped = false;
    void this.connect();
    return true;
  }

  private stopIfIdle(): void {
    if (this.boards.size === 0 && this.holders === 0) this.stop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.drop();
  }

  /** Closes the socket, if any, without waiting for its close event. */
  private drop(): void {
    this.cancelLater();
    this.confirmed.clear();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "bye");
    if (socket) this.options.onChange?.();
  }

  /** The delay before reconnection attempt `n` (0-based): doubling, capped, with jitter so
   * that clients dropped together do not all come back in the same instant. */
  delay(attempt: number): number {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    const ceiling = Math.min(max, base * 2 ** attempt);
    const random = this.options.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.offline) return;
    this.connecting = true;
    let url: string | null;
    try {
      url = await this.options.url();
    } catch {
      this.connecting = false;
      this.retry();
      return;
    }
    this.connecting = false;
    if (url === null) {
      this.stopped = true; // not offered by this server: stay quiet from now on
      this.unavailable = true;
      this.options.onChange?.();
      return;
    }
    this.available = true;
    // stop() may have run while the ticket was awaited (TypeScript keeps the narrowing of
    // the first line across the await).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
    if (this.stopped || this.offline) return;
    const socket = this.options.socket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.opened = true;
      this.cancelLater(); // every board is subscribed again right now
      for (const boardId of this.boards) this.sendSubscribe(boardId);
      this.options.onOpen?.();
      this.options.onChange?.();
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onerror = () => undefined; // onclose follows and decides
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.confirmed.clear();
      this.socket = null;
      this.options.onChange?.();
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped || this.offline) return;
    const wait = this.delay(this.attempts);
    this.attempts += 1;
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.connect();
    }, wait);
  }

  private cancelLater(): void {
    for (const timer of this.later.values()) this.timers.clear(timer);
    this.later.clear();
  }

  /** The server's budget of subscribes per socket was spent (it never is by this client in
   * normal use): subscribe again once it says the budget is back, if still wanted. */
  private subscribeLater(boardId: number, seconds: number): void {
    if (this.later.has(boardId)) return;
    const timer = this.timers.set(() => {
      this.later.delete(boardId);
      if (this.boards.has(boardId) && this.connected) this.sendSubscribe(boardId);
    }, seconds * 1000);
    this.later.set(boardId, timer);
  }

  private sendSubscribe(boardId: number): void {
    this.socket?.send(
      JSON.stringify({ type: "subscribe", board_id: boardId, since: this.options.since(boardId) }),
    );
  }

  private receive(raw: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (!message || typeof message !== "object") return;
    const m = message as { type?: unknown; board_id?: unknown; code?: unknown; retry_after?: unknown };
    if (m.type === "subscribed") {
      this.attempts = 0; // a working connection resets the back-off
      if (typeof m.board_id === "number" && this.boards.has(m.board_id)) this.confirmed.add(m.board_id);
      this.options.onChange?.();
      return;
    }
    if (m.type === "error") {
      if (typeof m.board_id !== "number") return;
      if (m.code === "rate_limited" && typeof m.retry_after === "number") {
        this.subscribeLater(m.board_id, m.retry_after);
        return;
      }
      if (m.code === "not_found") {
        this.boards.delete(m.board_id);
        this.confirmed.delete(m.board_id);
      }
      this.options.onResync(m.board_id);
      return;
    }
    if (isBoardEvent(message)) {
      if (this.boards.has(message.board_id)) this.options.onEvent(message);
      return;
    }
    if (typeof m.type !== "string") return;
    // Presence of a board left a moment ago may still be in flight: drop it.
    if (typeof m.board_id === "number" && !this.boards.has(m.board_id)) return;
    this.options.onMessage?.(message as LiveMessage);
  }
}
