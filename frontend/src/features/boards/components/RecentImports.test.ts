// @vitest-environment jsdom
import { createElement } from "react";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../lib/api";
import { mount, serve, type Mounted } from "../../../test/dom";
import { RecentImports } from "./RecentImports";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

const job = (id: number, status: Schemas["ImportSummary"]["status"], boardId: number | null): Schemas["ImportSummary"] => ({
  id,
  source: "trello",
  filename: `board-${id}.json`,
  status,
  progress: { done: 0, total: 0 },
  board_id: boardId,
  error: null,
  created_at: "2026-12-01T10:00:00Z",
  finished_at: null,
});

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  vi.unstubAllGlobals();
});

function server(items: Schemas["ImportSummary"][], total = items.length) {
  return serve((call) =>
    call.method === "GET" && call.path === "/api/v1/imports" ? [200, { items, total, limit: 5, offset: 0 }] : [404, { title: "Not found" }],
  );
}

const page = (onShow: (id: number) => void) =>
  createElement(
    Routes,
    null,
    createElement(Route, { path: "/", element: createElement(RecentImports, { shown: null, onShow }) }),
    createElement(Route, { path: "/boards/:id", element: createElement("h1", null, "The board") }),
  );

describe("one's recent imports under the import form", () => {
  it("lists each with where it stands, and follows the one chosen", async () => {
    const calls = server([job(9, "running", null), job(8, "done", 3), job(7, "failed", null)]);
    const onShow = vi.fn();
    shown = await mount(page(onShow));
    expect(calls[0]?.query).toContain("limit=5");
    const lines = [...shown.container.querySelectorAll("li")].map((li) => li.textContent);
    expect(lines[0]).toContain("“board-9.json”Importing");
    expect(lines[1]).toContain("Done");
    expect(lines[1]).toContain("Open the board");
    expect(lines[2]).toContain("Failed");
    expect(shown.container.textContent).not.toContain("All your imports");
    const first = shown.container.querySelector("li button");
    await shown.click(first ?? undefined);
    expect(onShow).toHaveBeenCalledWith(9);
  });

  it("links to the whole list when there are more", async () => {
    server([job(9, "done", 3)], 12);
    shown = await mount(page(() => undefined));
    expect(shown.container.querySelector('a[href="/imports"]')?.textContent).toBe("All your imports");
  });

  it("shows nothing without any", async () => {
    server([]);
    shown = await mount(page(() => undefined));
    expect(shown.container.textContent).toBe("");
  });
});
