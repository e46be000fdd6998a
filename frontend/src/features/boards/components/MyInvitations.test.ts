// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../lib/api";
import { boardsKeys } from "../api/keys";
import { MyInvitations } from "./MyInvitations";

// React's act() outside a test renderer needs this flag; and Node's Request does not
// resolve the same-origin client's relative URLs against the page's address as a browser
// does (set before the client is made, at import).
vi.hoisted(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === "string" ? new URL(input, "http://localhost/") : input, init);
    }
  };
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
const board = { id: 3, name: "Launch", description: "", archived: false, role: "editor", version: 1, created_at: "2026-12-01T10:00:00Z" };

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

/** The component on a page of the SPA, its invitations in the cache, and a server that
 * records the requests it gets. */
function show(invitations: Schemas["InvitationRead"][]) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.setQueryData(boardsKeys.invitations, invitations);
  const requests: string[] = [];
  vi.stubGlobal("fetch", (request: Request) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const body = request.method === "POST" && request.url.endsWith("/accept") ? board : invitations.slice(1);
    return Promise.resolve(new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }));
  });
  const host = document.createElement("div");
  document.body.append(host);
  const page = createElement(
    MemoryRouter,
    { initialEntries: ["/"] },
    createElement(
      Routes,
      null,
      createElement(Route, { path: "/", element: createElement(MyInvitations) }),
      createElement(Route, { path: "/boards/:id", element: createElement("h1", null, "The board") }),
    ),
  );
  act(() => {
    root = createRoot(host);
    root.render(createElement(QueryClientProvider, { client: qc }, page));
  });
  return { host, requests };
}

const button = (host: HTMLElement, name: string) => {
  const found = [...host.querySelectorAll("button")].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

describe("one's invitations", () => {
  it("says who invited whom to which board, and shows nothing without any", () => {
    const { host } = show([invitation]);
    expect(host.querySelector("h2")?.textContent).toBe("Invitations");
    expect(host.textContent).toContain("Olivia invited you to “Launch” as an editor.");
    expect(button(host, "Accept the invitation to Launch")).toBeTruthy();
    act(() => root?.unmount());
    root = null;
    expect(show([]).host.textContent).toBe("");
  });

  it("accepts and opens the board", async () => {
    const { host, requests } = show([invitation]);
    act(() => button(host, "Accept the invitation to Launch").click());
    await settle();
    expect(requests).toContain("POST /api/v1/invitations/7/accept");
    expect(host.textContent).toBe("The board");
  });

  it("declines, and the list is read again", async () => {
    const { host, requests } = show([invitation]);
    act(() => button(host, "Decline the invitation to Launch").click());
    await settle();
    expect(requests).toEqual(["POST /api/v1/invitations/7/decline", "GET /api/v1/me/invitations"]);
    expect(host.textContent).toBe("");
  });
});
