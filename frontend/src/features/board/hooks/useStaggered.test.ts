// @vitest-environment jsdom
import { act } from "preact/test-utils";
import { createElement, useEffect, useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { mount, type Mounted } from "../../../test/dom";
import { STEPS_PER_COLUMN, tilesDrawn, useStaggered } from "./useStaggered";

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  shown = null;
});

function Parts({ count, seen }: { count: number; seen: number[] }) {
  const drawn = useStaggered(count);
  seen.push(Math.min(drawn, count));
  return createElement("output", null, String(Math.min(drawn, count)));
}

let grow: (count: number) => void = () => undefined;

function Growing({ seen }: { seen: number[] }) {
  const [count, setCount] = useState(1);
  useEffect(() => {
    grow = setCount;
  }, []);
  return createElement(Parts, { count, seen });
}

const task = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe("a staggered first render", () => {
  it("draws no part first, then one more a task, until all are drawn", async () => {
    const seen: number[] = [];
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const container = document.createElement("div");
    document.body.append(container);
    const { createRoot } = await import("react-dom/client");
    const root = createRoot(container);
    await act(() => root.render(createElement(Parts, { count: 3, seen })));
    expect(seen[0]).toBe(0);
    for (let step = 0; step < 3; step++) await task();
    expect(container.textContent).toBe("3");
    // Each step its own render: 0, 1, 2, 3 — never all at once.
    expect([...new Set(seen)]).toEqual([0, 1, 2, 3]);
    void act(() => root.unmount());
    container.remove();
  });

  it("draws a single part a task later", async () => {
    const seen: number[] = [];
    shown = await mount(createElement(Parts, { count: 1, seen }));
    await task();
    expect(shown.container.textContent).toBe("1");
  });

  it("draws parts added once all are drawn at once", async () => {
    const seen: number[] = [];
    shown = await mount(createElement(Growing, { seen }));
    await task();
    expect(shown.container.textContent).toBe("1");
    const before = seen.length;
    await act(() => grow(2));
    expect(shown.container.textContent).toBe("2");
    expect(seen.slice(before)).toEqual([2]);
  });
});

describe("each column's tiles over a few tasks", () => {
  const columns = 4;
  const steps = columns * STEPS_PER_COLUMN;

  it("draws the columns in turn, a few tiles a task, then all of each", () => {
    const drawn = (step: number) => Array.from({ length: columns }, (_, index) => tilesDrawn(step, index));
    expect(drawn(0)).toEqual([0, 0, 0, 0]); // the frame alone
    // The first column's first tiles come first, and no column starts before the one
    // to its left has all of its own.
    for (let step = 1; step <= steps; step++) {
      const now = drawn(step);
      const before = drawn(step - 1);
      const growing = now.flatMap((n, i) => (n > before[i]! ? [i] : []));
      expect(growing).toHaveLength(1);
      const [column] = growing;
      expect(now.slice(0, column).every((n) => n === Infinity)).toBe(true);
      expect(now.slice(column! + 1).every((n) => n === 0)).toBe(true);
      expect(now[column!]).toBeGreaterThan(0);
    }
    expect(drawn(1)[0]).toBeLessThan(10);
    expect(drawn(steps)).toEqual([Infinity, Infinity, Infinity, Infinity]);
    expect(drawn(Number.MAX_SAFE_INTEGER)).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });
});
