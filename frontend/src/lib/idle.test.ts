// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { whenIdle } from "./idle";

const task = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("work kept for an idle moment", () => {
  it("runs once the page is idle, not before", async () => {
    const idle: IdleRequestCallback[] = [];
    vi.stubGlobal("requestIdleCallback", (work: IdleRequestCallback, options?: IdleRequestOptions) => {
      expect(options?.timeout).toBeGreaterThan(0);
      return idle.push(work);
    });
    let ran = 0;
    whenIdle(() => (ran += 1));
    await task();
    expect(ran).toBe(0);
    idle[0]?.({ didTimeout: false, timeRemaining: () => 10 });
    expect(ran).toBe(1);
  });

  it("can be called off", async () => {
    const cancelled: number[] = [];
    vi.stubGlobal("requestIdleCallback", () => 7);
    vi.stubGlobal("cancelIdleCallback", (handle: number) => cancelled.push(handle));
    whenIdle(() => undefined)();
    expect(cancelled).toEqual([7]);
    vi.unstubAllGlobals();
    // Without requestIdleCallback (Safari), a task later, and called off all the same.
    let ran = 0;
    const cancel = whenIdle(() => (ran += 1));
    whenIdle(() => (ran += 10));
    cancel();
    await task();
    expect(ran).toBe(10);
  });
});
