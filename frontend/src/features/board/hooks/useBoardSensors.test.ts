// @vitest-environment jsdom
import { createElement, useEffect, useState } from "react";
import { act } from "preact/test-utils";
import { afterEach, expect, it } from "vitest";
import { mount, type Mounted } from "../../../test/dom";
import { useBoardSensors } from "./useBoardSensors";

let shown: Mounted | null = null;
afterEach(() => shown?.unmount());

it("gives the same sensors at every render, so that no tile draws again for it", async () => {
  const seen: unknown[] = [];
  let again: () => void = () => undefined;
  function Board() {
    const [, setRenders] = useState(0);
    useEffect(() => {
      again = () => setRenders((n) => n + 1);
    }, []);
    seen.push(useBoardSensors());
    return null;
  }
  shown = await mount(createElement(Board));
  await act(() => again());
  await act(() => again());
  expect(seen.length).toBeGreaterThanOrEqual(3);
  expect(new Set(seen).size).toBe(1);
});
