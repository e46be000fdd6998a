// @vitest-environment jsdom
import { createElement } from "react";
import { Link, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, type Mounted } from "../test/dom";
import { RouteError } from "./Layout";

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  shown = null;
  vi.restoreAllMocks();
});

function Broken(): never {
  throw new Error("The board could not be drawn.");
}

const app = () =>
  createElement(
    RouteError,
    null,
    createElement(
      Routes,
      null,
      createElement(Route, { path: "/", element: createElement(Broken) }),
      createElement(Route, { path: "/other", element: createElement("p", null, "Another page") }),
    ),
  );

describe("a page that throws while rendering", () => {
  it("shows the error page with its message and a way back, not a blank page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // the error it reports
    shown = await mount(app());
    const alert = shown.container.querySelector('[role="alert"]');
    expect(alert?.querySelector("h1")?.textContent).toBe("Something went wrong");
    expect(alert?.textContent).toContain("The board could not be drawn.");
    expect(alert?.querySelector("a")?.getAttribute("href")).toBe("/");
  });

  it("tries again at the next address", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    shown = await mount(createElement("div", null, createElement(Link, { to: "/other", id: "away" }, "Away"), app()));
    expect(shown.container.textContent).toContain("Something went wrong");
    await shown.click(shown.container.querySelector("#away"));
    expect(shown.container.textContent).toContain("Another page");
    expect(shown.container.textContent).not.toContain("Something went wrong");
  });
});
