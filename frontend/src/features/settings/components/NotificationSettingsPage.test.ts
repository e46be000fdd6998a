// @vitest-environment jsdom
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, serve, type Mounted } from "../../../test/dom";
import { NotificationSettingsPage } from "./NotificationSettingsPage";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

const PATH = "/api/v1/me/notification-settings";
const DEFAULTS = { mentions: "immediately", assignments: "immediately", comments: "daily", due_dates: "immediately" };
let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  vi.unstubAllGlobals();
});

const radio = (m: Mounted, topic: string, value: string) =>
  m.container.querySelector<HTMLInputElement>(`input[name="${topic}"][value="${value}"]`);
const save = (m: Mounted) => m.container.querySelector("button[type=submit]");

describe("the e-mail notification settings", () => {
  it("shows the saved choices and saves every kind's choice at once", async () => {
    let saved: unknown = DEFAULTS;
    const calls = serve((call) => {
      if (call.method === "PUT") saved = call.body;
      return [200, saved];
    });
    shown = await mount(createElement(NotificationSettingsPage));
    expect(radio(shown, "comments", "daily")?.checked).toBe(true);
    expect(radio(shown, "mentions", "immediately")?.checked).toBe(true);
    expect(shown.container.querySelectorAll("input[type=radio]")).toHaveLength(12);

    await shown.click(radio(shown, "mentions", "off"));
    await shown.click(radio(shown, "due_dates", "daily"));
    expect(radio(shown, "mentions", "off")?.checked).toBe(true);
    await shown.click(save(shown));
    expect(calls.at(-1)).toEqual({ method: "PUT", path: PATH, query: "", body: { ...DEFAULTS, mentions: "off", due_dates: "daily" } });
    expect(shown.container.querySelector("[role=status]")?.textContent).toBe("E-mail settings saved.");
  });

  it("shows the server's words next to the field it refused", async () => {
    serve((call) =>
      call.method === "PUT"
        ? [422, { title: "Invalid input", errors: [{ loc: ["body", "comments"], msg: "Must be immediately, daily or off" }] }]
        : [200, DEFAULTS],
    );
    shown = await mount(createElement(NotificationSettingsPage));
    await shown.click(save(shown));
    const comments = radio(shown, "comments", "daily")?.closest("fieldset");
    expect(comments?.querySelector(".field-error")?.textContent).toBe("Must be immediately, daily or off");
    expect(shown.container.querySelector("[role=status]")).toBeNull();
  });
});
