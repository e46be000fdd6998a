// @vitest-environment jsdom
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../lib/api";
import { mount, serve, type Mounted } from "../../../test/dom";
import { AdminPage } from "./AdminPage";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

const account = (id: number, name: string): Schemas["UserRead"] => ({
  id,
  email: `${name.toLowerCase()}@example.com`,
  display_name: name,
  is_active: true,
  is_admin: id === 1,
  created_at: "2026-12-01T10:00:00Z",
  email_verified: true,
  two_factor_enabled: false,
});

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  vi.unstubAllGlobals();
});

/** The server's accounts: a PATCH changes one. */
function server() {
  const users = [account(1, "Root"), account(2, "Tess")];
  return serve((call) => {
    if (call.method === "GET" && call.path === "/api/v1/admin/users") return [200, { items: users, total: 2, limit: 50, offset: 0 }];
    const hit = /^\/api\/v1\/admin\/users\/(\d+)$/.exec(call.path);
    const user = users.find((u) => u.id === Number(hit?.[1]));
    if (call.method !== "PATCH" || !user) return [404, { title: "Not found" }];
    Object.assign(user, call.body);
    return [200, user];
  });
}

const button = (m: Mounted, name: string) =>
  [...m.container.querySelectorAll("button")].find((b) => b.textContent === name);
const writes = (calls: { method: string }[]) => calls.filter((c) => c.method !== "GET");

describe("the admin page", () => {
  it("deactivates an account only once the admin has confirmed it, and never their own", async () => {
    const calls = server();
    shown = await mount(createElement(AdminPage, { selfId: 1 }));
    const rows = [...shown.container.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.querySelector("td")?.textContent)).toEqual(["Root admin", "Tess"]);
    expect(rows[0]?.textContent).toContain("You");
    expect(rows[0]?.querySelector("button")).toBeNull();

    await shown.click(button(shown, "Deactivate Tess"));
    expect(shown.container.textContent).toContain("Deactivate Tess? They are logged out everywhere.");
    await shown.click(button(shown, "Cancel"));
    expect(writes(calls)).toEqual([]);

    await shown.click(button(shown, "Deactivate Tess"));
    await shown.click(button(shown, "Yes, deactivate Tess"));
    expect(writes(calls)).toEqual([{ method: "PATCH", path: "/api/v1/admin/users/2", query: "", body: { is_active: false } }]);
    expect(shown.container.textContent).toContain("Tess is deactivated and logged out everywhere.");
    expect(shown.container.querySelectorAll("tbody tr")[1]?.textContent).toContain("Deactivated");

    await shown.click(button(shown, "Reactivate Tess")); // no confirmation needed to undo it
    expect(writes(calls).at(-1)).toEqual({ method: "PATCH", path: "/api/v1/admin/users/2", query: "", body: { is_active: true } });
  });
});
