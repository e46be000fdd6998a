// @vitest-environment jsdom
import { createElement } from "react";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../lib/api";
import { mount, serve, type Mounted } from "../../../test/dom";
import { MyInvitations } from "./MyInvitations";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

const invitation: Schemas["InvitationRead"] = {
  id: 7,
  board_id: 3,
  board_name: "Launch",
  email: "ada@example.com",
  role: "editor",
  invited_by: { id: 1, display_name: "Olivia" },
  created_at: "2026-12-01T10:00:00Z",
  expires_at: "2026-12-15T10:00:00Z",
};
const board = { id: 3, name: "Launch", description: "", archived: false, role: "editor", version: 1 };
const MINE = "/api/v1/me/invitations";

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  vi.unstubAllGlobals();
});

/** The server's invitations to the user: accepting or declining one removes it. */
function server(pending: Schemas["InvitationRead"][]) {
  return serve((call) => {
    if (call.method === "GET" && call.path === MINE) return [200, pending];
    const acted = /^\/api\/v1\/invitations\/(\d+)\/(accept|decline)$/.exec(call.path);
    if (call.method !== "POST" || !acted) return [404, { title: "Not found" }];
    pending = pending.filter((i) => i.id !== Number(acted[1]));
    // Declining answers 204 with no body; the stand-in answers JSON, so null.
    return acted[2] === "accept" ? [200, board] : [200, null];
  });
}

/** The component on the SPA's boards page, and the board page accepting leads to. */
const page = () =>
  createElement(
    Routes,
    null,
    createElement(Route, { path: "/", element: createElement(MyInvitations) }),
    createElement(Route, { path: "/boards/:id", element: createElement("h1", null, "The board") }),
  );

const button = (m: Mounted, name: string) =>
  [...m.container.querySelectorAll("button")].find((b) => b.textContent === name);

describe("one's invitations on the boards page", () => {
  it("says who invited one to which board as what", async () => {
    server([invitation]);
    shown = await mount(page());
    expect(shown.container.querySelector("h2")?.textContent).toBe("Invitations");
    expect(shown.container.textContent).toContain("Olivia invited you to “Launch” as an editor.");
    expect(button(shown, "Decline the invitation to Launch")).toBeDefined();
  });

  it("shows nothing at all without any", async () => {
    server([]);
    shown = await mount(page());
    expect(shown.container.textContent).toBe("");
  });

  it("accepts and opens the board", async () => {
    const calls = server([invitation]);
    shown = await mount(page());
    await shown.click(button(shown, "Accept the invitation to Launch"));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toContain("POST /api/v1/invitations/7/accept");
    expect(shown.container.textContent).toBe("The board");
  });

  it("declines, and the list is read again without it", async () => {
    const other = { ...invitation, id: 8, board_id: 4, board_name: "Garden" };
    const calls = server([invitation, other]);
    shown = await mount(page());
    await shown.click(button(shown, "Decline the invitation to Launch"));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${MINE}`, "POST /api/v1/invitations/7/decline", `GET ${MINE}`]);
    expect(shown.container.querySelector("[role=alert]")).toBeNull();
    expect(shown.container.textContent).not.toContain("Launch");
    expect(shown.container.textContent).toContain("Olivia invited you to “Garden” as an editor.");
  });
});
