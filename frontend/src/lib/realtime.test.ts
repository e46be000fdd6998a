import { describe, expect, it } from "vitest";
import type { BoardEvent, LiveMessage } from "./protocol";
import { card, event as boardEvent } from "../test/fixtures";
import { RealtimeClient, type SocketLike } from "./realtime";

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: never) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.(undefined as never);
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
}

function harness(url: () => Promise<string | null> = () => Promise.resolve("ws://x/ws?ticket=t")) {
  FakeSocket.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const events: BoardEvent[] = [];
  const resyncs: number[] = [];
  const seqs = new Map<number, number>([[1, 5]]);
  const messages: LiveMessage[] = [];
  const opens: number[] = [];
  const client = new RealtimeClient({
    url,
    socket: (u) => new FakeSocket(u),
    since: (id) => seqs.get(id) ?? null,
    onEvent: (e) => {
      events.push(e);
      seqs.set(e.board_id, e.seq);
    },
    onResync: (id) => resyncs.push(id),
    onMessage: (m) => messages.push(m),
    onOpen: () => opens.push(FakeSocket.all.length),
    random: () => 1,
    timers: { set: (fn, ms) => timers.push({ fn, ms }), clear: () => undefined },
  });
  return { client, timers, events, resyncs, seqs, messages, opens };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const event = (seq: number): BoardEvent =>
  boardEvent("card.moved", seq, { card: card(1, 1, 0), from_column_id: 1 }, { actor: null });

describe("RealtimeClient", () => {
  it("subscribes with the seq it holds and hands events on", async () => {
    const { client, events } = harness();
    client.subscribe(1);
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    expect(socket.sent).toEqual([{ type: "subscribe", board_id: 1, since: 5 }]);
    socket.receive({ type: "subscribed", board_id: 1, seq: 5 });
    socket.receive(event(6));
    socket.receive({ ...event(7), board_id: 99 }); // not subscribed: dropped
    socket.receive("not json at all");
    expect(events.map((e) => e.seq)).toEqual([6]);
  });

  it("reconnects with doubling, capped delays and resumes from the latest seq", async () => {
    const { client, timers, events } = harness();
    client.subscribe(1);
    await tick();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.receive(event(6));
    for (let i = 0; i < 8; i++) {
      FakeSocket.all.at(-1)!.drop();
      timers.at(-1)!.fn();
      await tick();
    }
    expect(timers.map((t) => t.ms)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const socket = FakeSocket.all.at(-1)!;
    socket.open();
    expect(socket.sent).toEqual([{ type: "subscribe", board_id: 1, since: 6 }]);
    socket.receive({ type: "subscribed", board_id: 1, seq: 6 });
    socket.drop();
    expect(timers.at(-1)!.ms).toBe(500); // a working connection reset the back-off
    expect(events).toHaveLength(1);
  });

  it("asks for a refetch when the server cannot replay, and forgets a board that is gone", async () => {
    const { client, resyncs } = harness();
    client.subscribe(1);
    client.subscribe(2);
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({ type: "error", code: "resync_required", board_id: 1 });
    socket.receive({ type: "error", code: "not_found", board_id: 2 });
    expect(resyncs).toEqual([1, 2]);
    socket.drop();
  });

  it("subscribes again when the server says its budget is back, if still wanted", async () => {
    const { client, timers, resyncs } = harness();
    client.subscribe(1);
    client.subscribe(2);
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.sent = [];
    for (const board of [1, 2, 1]) socket.receive({ type: "error", code: "rate_limited", board_id: board, retry_after: 3 });
    expect(timers.map((t) => t.ms)).toEqual([3000, 3000]); // once per board
    client.unsubscribe(2);
    socket.sent = [];
    for (const timer of timers) timer.fn();
    expect(socket.sent).toEqual([{ type: "subscribe", board_id: 1, since: 5 }]);
    expect(resyncs).toEqual([]); // nothing to refetch: the subscribe replays what was missed
  });

  it("tells whether a board's events reach the tab: its subscription confirmed on the open socket", async () => {
    const { client, timers } = harness();
    client.subscribe(1);
    client.subscribe(2);
    expect(client.offered).toBe(false); // not known yet: no socket handed out
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    expect([client.offered, client.watching(1)]).toEqual([true, false]); // not confirmed yet
    socket.receive({ type: "subscribed", board_id: 1, seq: 5 });
    expect([client.watching(1), client.watching(2)]).toEqual([true, false]);
    socket.drop(); // down, then reopened: not until the server confirms again
    expect(client.watching(1)).toBe(false);
    timers.at(-1)!.fn();
    await tick();
    FakeSocket.all[1]!.open();
    expect(client.watching(1)).toBe(false);
    FakeSocket.all[1]!.receive({ type: "subscribed", board_id: 1, seq: 5 });
    expect(client.watching(1)).toBe(true);
    client.unsubscribe(1);
    expect(client.watching(1)).toBe(false);
    const none = harness(() => Promise.resolve(null)).client;
    none.subscribe(1);
    await tick();
    expect([none.offered, none.watching(1)]).toEqual([false, false]);
  });

  it("stays idle, for good, where the server offers no live updates", async () => {
    let asked = 0;
    const { client, timers } = harness(() => {
      asked += 1;
      return Promise.resolve(null);
    });
    client.subscribe(1);
    await tick();
    client.unsubscribe(1);
    client.subscribe(1);
    await tick();
    expect(asked).toBe(1);
    expect(FakeSocket.all).toHaveLength(0);
    expect(timers).toHaveLength(0);
  });

  it("retries with back-off when the ticket cannot be had", async () => {
    const { client, timers } = harness(() => Promise.reject(new Error("offline")));
    client.subscribe(1);
    await tick();
    expect(timers.map((t) => t.ms)).toEqual([500]);
    client.stop();
  });

  it("unsubscribes on the open socket and closes when nothing is left", async () => {
    const { client } = harness();
    client.subscribe(1);
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    client.unsubscribe(1);
    expect(socket.sent.at(-1)).toEqual({ type: "unsubscribe", board_id: 1 });
    expect(socket.readyState).toBe(3);
  });

  it("held open with no board, hands on notifications and the presence of subscribed boards", async () => {
    const { client, messages, opens } = harness();
    const release = client.hold();
    await tick();
    const socket = FakeSocket.all[0]!;
    socket.open();
    expect(opens).toEqual([1]);
    expect(socket.sent).toEqual([]);
    socket.receive({ type: "notification", data: { id: 3 } });
    socket.receive({ type: "presence", board_id: 7, users: [] }); // not watched: dropped
    client.subscribe(7);
    socket.receive({ type: "presence", board_id: 7, users: [{ id: 1, display_name: "Ada" }] });
    expect(messages.map((m) => m.type)).toEqual(["notification", "presence"]);
    client.unsubscribe(7);
    expect(socket.readyState).toBe(1); // still held
    release();
    release(); // twice is once
    expect(socket.readyState).toBe(3);
  });
});

describe("RealtimeClient offline", () => {
  it("closes the socket and spends no retry while offline; back online it reconnects at once and resumes", async () => {
    const { client, timers, seqs } = harness();
    client.subscribe(1);
    await tick();
    const first = FakeSocket.all[0]!;
    first.open();
    first.receive({ type: "subscribed", board_id: 1, seq: 5 });
    expect([client.watching(1), client.reopening]).toEqual([true, false]);
    client.setOnline(false);
    expect([first.readyState, client.watching(1), client.reopening, timers.length]).toEqual([3, false, true, 0]);
    seqs.set(1, 9); // the board was read again meanwhile
    client.setOnline(true);
    await tick();
    const second = FakeSocket.all[1]!;
    second.open();
    expect(second.sent).toEqual([{ type: "subscribe", board_id: 1, since: 9 }]);
    expect(timers).toEqual([]); // no back-off waited
  });
});
