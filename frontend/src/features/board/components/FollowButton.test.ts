// @vitest-environment jsdom
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, serve, type Mounted } from "../../../test/dom";
import { FollowButton } from "./FollowButton";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

const PATH = "/api/v1/cards/7/follow";
let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  vi.unstubAllGlobals();
});

/** The server's follow state of card 7, changed by PUT and DELETE as the backend does. */
function server(following: boolean, refuse = false) {
  return serve((call) => {
    if (call.path !== PATH) return [404, { title: "Not found" }];
    if (call.method === "GET") return [200, { following }];
    if (refuse) return [404, { title: "Not found", detail: "Card not found." }];
    following = call.method === "PUT";
    return [200, { following }];
  });
}

const button = (m: Mounted) => m.container.querySelector("button");

describe("the card dialog's Follow button", () => {
  it("shows the server's state, follows with PUT and unfollows with DELETE", async () => {
    const calls = server(false);
    shown = await mount(createElement(FollowButton, { cardId: 7 }));
    expect(button(shown)?.textContent).toBe("Follow");
    expect(button(shown)?.getAttribute("aria-pressed")).toBe("false");

    await shown.click(button(shown));
    expect(button(shown)?.textContent).toBe("Unfollow");
    expect(button(shown)?.getAttribute("aria-pressed")).toBe("true");
    expect(shown.container.textContent).toContain("You are notified of every new comment.");

    await shown.click(button(shown));
    expect(button(shown)?.textContent).toBe("Follow");
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${PATH}`, `PUT ${PATH}`, `DELETE ${PATH}`]);
  });

  it("starts as Unfollow on a card one already follows", async () => {
    server(true);
    shown = await mount(createElement(FollowButton, { cardId: 7 }));
    expect(button(shown)?.textContent).toBe("Unfollow");
  });

  it("says why a follow failed and keeps the state it had", async () => {
    server(false, true);
    shown = await mount(createElement(FollowButton, { cardId: 7 }));
    await shown.click(button(shown));
    expect(shown.container.querySelector("[role=alert]")?.textContent).toBe("Card not found.");
    expect(button(shown)?.textContent).toBe("Follow");
  });
});
