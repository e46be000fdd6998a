// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { opensSearch } from "./shortcut";

afterEach(() => {
  document.body.innerHTML = "";
});

/** `key` pressed on `target` (the page itself unless said), as the browser reports it. */
function press(key: string, init: KeyboardEventInit = {}, target: Element = document.body): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe("the keys that open search", () => {
  it("are Ctrl-K, and ⌘K on a Mac", () => {
    expect(opensSearch(press("k", { ctrlKey: true }), false)).toBe(true);
    expect(opensSearch(press("K", { ctrlKey: true }), false)).toBe(true); // caps lock
    expect(opensSearch(press("k", { metaKey: true }), false)).toBe(false);
    expect(opensSearch(press("k", { metaKey: true }), true)).toBe(true);
    // On a Mac, Ctrl-K deletes to the end of the line in a text field: left alone.
    expect(opensSearch(press("k", { ctrlKey: true }), true)).toBe(false);
    expect(opensSearch(press("k"), false)).toBe(false);
    expect(opensSearch(press("k", { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(opensSearch(press("k", { ctrlKey: true, altKey: true }), false)).toBe(false);
  });

  it("Ctrl-K works while typing in a field, `/` does not", () => {
    document.body.innerHTML = "<input id=f><textarea id=t></textarea>";
    const input = document.getElementById("f")!;
    expect(opensSearch(press("k", { ctrlKey: true }, input), false)).toBe(true);
    expect(opensSearch(press("/", {}, input), false)).toBe(false);
    expect(opensSearch(press("/", {}, document.getElementById("t")!), false)).toBe(false);
  });

  it("`/` opens search where no board filter owns it", () => {
    expect(opensSearch(press("/"), false)).toBe(true);
    document.body.innerHTML = "<button id=b>Boards</button>";
    expect(opensSearch(press("/", {}, document.getElementById("b")!), false)).toBe(true);
  });

  it("`/` stays the board filter's where there is one", () => {
    document.body.innerHTML = "<input type=search data-filter-input>";
    expect(opensSearch(press("/"), false)).toBe(false);
    expect(opensSearch(press("k", { ctrlKey: true }), false)).toBe(true);
  });

  it("`/` does nothing over an open dialog (a card's), nor once handled", () => {
    document.body.innerHTML = "<dialog open>A card</dialog>";
    expect(opensSearch(press("/"), false)).toBe(false);
    document.body.innerHTML = "";
    document.body.addEventListener("keydown", (e) => e.preventDefault(), { once: true });
    expect(opensSearch(press("/"), false)).toBe(false);
  });
});
