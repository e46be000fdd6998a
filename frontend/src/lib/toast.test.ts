import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TOASTS, TOAST_MS, ToastStore, showUndo } from "./toast";

describe("toasts", () => {
  let store: ToastStore;
  beforeEach(() => {
    vi.useFakeTimers();
    store = new ToastStore(() => Date.now());
  });
  afterEach(() => vi.useRealTimers());

  const messages = () => store.current().map((t) => t.message);

  it("go by themselves after about eight seconds", () => {
    store.show("Card archived.");
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(messages()).toEqual(["Card archived."]);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it("stay while hovered or focused, and get their remaining time back after", () => {
    store.show("Card moved.");
    vi.advanceTimersByTime(5_000);
    store.pause();
    vi.advanceTimersByTime(60_000);
    expect(messages()).toEqual(["Card moved."]);
    store.resume();
    vi.advanceTimersByTime(TOAST_MS - 5_000 - 1);
    expect(messages()).toEqual(["Card moved."]);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it("shown while paused wait for the pause to end", () => {
    store.pause();
    store.show("Label deleted.");
    vi.advanceTimersByTime(TOAST_MS * 2);
    expect(messages()).toEqual(["Label deleted."]);
    store.resume();
    vi.advanceTimersByTime(TOAST_MS);
    expect(messages()).toEqual([]);
  });

  it("stack, oldest first, and the oldest goes past the limit", () => {
    for (let i = 1; i <= MAX_TOASTS + 1; i++) store.show(`Toast ${i}`);
    expect(messages()).toEqual(Array.from({ length: MAX_TOASTS }, (_, i) => `Toast ${i + 2}`));
  });

  it("Undo runs the inverse once and the toast goes at once", async () => {
    const undo = vi.fn(() => Promise.resolve());
    const id = showUndo("Card deleted.", undo, store);
    expect(store.current().map((t) => t.action?.label)).toEqual(["Undo"]);
    await store.act(id);
    await store.act(id); // a second press finds nothing to do
    expect(undo).toHaveBeenCalledTimes(1);
    expect(messages()).toEqual([]);
  });

  it("an Undo that fails says why, in a toast of its own", async () => {
    const id = showUndo("Card moved.", () => Promise.reject(new Error("Someone moved it since.")), store);
    await store.act(id);
    expect(store.current().map((t) => [t.message, t.tone])).toEqual([["Someone moved it since.", "error"]]);
  });

  it("tell their listeners of every change, and not after unsubscribing", () => {
    const seen: number[] = [];
    const stop = store.subscribe(() => seen.push(store.current().length));
    const id = store.show("One");
    store.dismiss(id);
    stop();
    store.show("Two");
    expect(seen).toEqual([1, 0]);
  });
});
