// @vitest-environment jsdom
import { act } from "preact/test-utils";
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { mount, type Mounted } from "../../../test/dom";
import { useStaggered } from "./useStaggered";

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

const task = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe("a staggered first render", () => {
  it("draws one part first, then one more a task, until all are drawn", async () => {
    const seen: number[] = [];
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const container = document.createElement("div");
    document.body.append(container);
    const { createRoot } = await import("react-dom/client");
    const root = createRoot(container);
    await act(() => root.render(createElement(Parts, { count: 3, seen })));
    expect(seen[0]).toBe(1);
    await task();
    await task();
    await task();
    expect(container.textContent).toBe("3");
    // Each step its own render: 1, 2, 3 — never all at once.
    expect([...new Set(seen)]).toEqual([1, 2, 3]);
    void act(() => root.unmount());
    container.remove();
  });

  it("draws a single part at once, and parts added once all are drawn", async () => {
    const seen: number[] = [];
    shown = await mount(createElement(Parts, { count: 1, seen }));
    expect(shown.container.textContent).toBe("1");
    expect(seen).not.toContain(0);
  });
});
