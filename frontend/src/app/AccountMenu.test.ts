// @vitest-environment jsdom
import { act } from "preact/test-utils";
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, type Mounted } from "../test/dom";
import { AccountMenu } from "./AccountMenu";

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  shown = null;
});

const menu = () => shown!.container.querySelector<HTMLDetailsElement>("details.account-menu")!;
const summary = () => menu().querySelector("summary")!;
const props = { userId: 7, name: "Ada Lovelace", isAdmin: false, onLogOut: () => undefined };

async function open() {
  await act(async () => {
    menu().open = true;
    await Promise.resolve();
  });
}

async function dispatch(target: EventTarget, event: Event) {
  await act(async () => {
    target.dispatchEvent(event);
    await Promise.resolve();
  });
}

describe("the header's account menu", () => {
  it("is named after the person, with their initials, and holds what is theirs", async () => {
    shown = await mount(createElement(AccountMenu, props));
    expect(summary().textContent).toBe("ALAda Lovelace");
    expect(summary().querySelector(".avatar")!.getAttribute("aria-hidden")).toBe("true");
    const links = [...menu().querySelectorAll("a")].map((a) => a.textContent);
    expect(links).toEqual(["Your account", "E-mail settings"]);
    shown.unmount();
    shown = await mount(createElement(AccountMenu, { ...props, isAdmin: true }));
    expect([...menu().querySelectorAll("a")].map((a) => a.textContent)).toContain("Admin");
  });

  it("logs out from its button", async () => {
    const onLogOut = vi.fn();
    shown = await mount(createElement(AccountMenu, { ...props, onLogOut }));
    await open();
    await shown.click(menu().querySelector("button"));
    expect(onLogOut).toHaveBeenCalledOnce();
  });

  it("closes on Escape, giving the focus back to its button", async () => {
    shown = await mount(createElement(AccountMenu, props));
    await open();
    await dispatch(document, new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(menu().open).toBe(false);
    expect(document.activeElement).toBe(summary());
  });

  it("closes on a press elsewhere, not on one inside it", async () => {
    shown = await mount(createElement(AccountMenu, props));
    await open();
    await dispatch(menu().querySelector("a")!, new Event("pointerdown", { bubbles: true }));
    expect(menu().open).toBe(true);
    await dispatch(document.body, new Event("pointerdown", { bubbles: true }));
    expect(menu().open).toBe(false);
  });

  it("closes when a page is followed from it", async () => {
    shown = await mount(createElement(AccountMenu, props));
    await open();
    await shown.click(menu().querySelector("a"));
    expect(menu().open).toBe(false);
  });
});
