// @vitest-environment jsdom
import { act } from "preact/test-utils";
import { createElement } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useShortcuts } from "../../../lib/shortcuts";
import { modalDialogs, mount, settle, type Mounted } from "../../../test/dom";
import { SearchLauncher } from "./SearchLauncher";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

beforeAll(async () => {
  modalDialogs();
  // The dialog's chunk, fetched (and transformed) once ahead: opening waits for no load.
  await import("./SearchDialog");
});

let shown: Mounted | null = null;
afterEach(() => {
  shown?.unmount();
  shown = null;
});

const dialog = () => document.querySelector<HTMLDialogElement>("dialog.search-dialog");

/** A key pressed on whatever has the focus; whether something took it (preventDefault). */
async function press(key: string, init: KeyboardEventInit = {}): Promise<boolean> {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  await act(async () => {
    (document.activeElement ?? document.body).dispatchEvent(event);
    await Promise.resolve();
  });
  await settle();
  return event.defaultPrevented;
}

/** A board's filter field and its `/` (lib/shortcuts.ts, the board's mechanism). */
function BoardFilter() {
  useShortcuts({ "/": () => document.querySelector<HTMLElement>("[data-filter-input]")?.focus() });
  return createElement("input", { type: "search", "data-filter-input": "" });
}

describe("the header's search", () => {
  it("opens with its button", async () => {
    shown = await mount(createElement(SearchLauncher));
    const button = shown.container.querySelector("button.search-button");
    expect(button?.textContent).toContain("Search");
    expect(button?.getAttribute("aria-keyshortcuts")).toBe("Control+K /");
    await shown.click(button);
    expect(dialog()?.open).toBe(true);
    expect(document.activeElement?.getAttribute("role")).toBe("combobox");
  });

  it("opens with Ctrl-K from anywhere, and closes with its Close button", async () => {
    shown = await mount(createElement(SearchLauncher));
    expect(await press("k", { ctrlKey: true })).toBe(true);
    expect(dialog()?.open).toBe(true);
    await shown.click([...document.querySelectorAll("button")].find((b) => b.textContent === "Close"));
    expect(dialog()).toBeNull();
  });

  it("opens again at once after Escape, before the closed dialog's event comes", async () => {
    shown = await mount(createElement(SearchLauncher));
    await press("k", { ctrlKey: true });
    const key = (target: Element, key: string) =>
      act(async () => {
        target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
        await Promise.resolve();
      });
    await key(document.activeElement!, "Escape");
    await key(document.body, "/"); // no task between: the `close` event has not come yet
    await settle();
    expect(dialog()?.open).toBe(true);
  });

  it("opens with `/` off a board", async () => {
    shown = await mount(createElement(SearchLauncher));
    expect(await press("/")).toBe(true);
    expect(dialog()?.open).toBe(true);
  });

  it("keeps what is typed at once after `/`, before its field has the focus", async () => {
    shown = await mount(createElement(SearchLauncher));
    await act(async () => {
      // One key after another, with no frame between them and the opening key.
      for (const key of ["/", "r", "e", "l"]) {
        (document.activeElement ?? document.body).dispatchEvent(
          new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }),
        );
      }
      await Promise.resolve();
    });
    await settle();
    const field = document.activeElement as HTMLInputElement;
    expect(field.getAttribute("role")).toBe("combobox");
    expect(field.value).toBe("rel");
  });

  it("leaves the keys to its field after Ctrl-K is pressed again in it", async () => {
    shown = await mount(createElement(SearchLauncher));
    await press("k", { ctrlKey: true });
    expect(await press("k", { ctrlKey: true })).toBe(true); // open already: nothing more
    expect(document.activeElement?.getAttribute("role")).toBe("combobox");
    expect(await press("a")).toBe(false); // the field's: nothing keeps it from its field
  });

  it("forgets the keys typed after `/` when Escape comes before the dialog", async () => {
    shown = await mount(createElement(SearchLauncher));
    await act(async () => {
      for (const key of ["/", "r", "Escape"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
      }
      await Promise.resolve();
    });
    await settle();
    expect(dialog()).toBeNull();
    expect(await press("/")).toBe(true);
    expect((document.activeElement as HTMLInputElement).value).toBe("");
  });

  it("leaves `/` to a board's filter, and Ctrl-K still opens search there", async () => {
    shown = await mount(createElement("div", null, createElement(SearchLauncher), createElement(BoardFilter)));
    expect(await press("/")).toBe(true);
    expect(dialog()).toBeNull();
    expect(document.activeElement?.hasAttribute("data-filter-input")).toBe(true);
    expect(await press("k", { ctrlKey: true })).toBe(true);
    expect(dialog()?.open).toBe(true);
  });
});
