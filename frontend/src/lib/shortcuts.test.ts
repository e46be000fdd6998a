// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { hasKeyboard, shortcutFor, type Keys } from "./shortcuts";

const pressed: string[] = [];
const keys: Keys = Object.fromEntries(["n", "?", "Enter", "ArrowDown", "/"].map((k) => [k, () => pressed.push(k)]));

function press(target: Element, key: string, extra: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...extra });
  target.dispatchEvent(event);
  return event;
}

/** What shortcutFor decides for `key` pressed on `target`. */
function decides(target: Element, key: string, extra: KeyboardEventInit = {}): boolean {
  let found = false;
  const listen = (event: KeyboardEvent) => (found = shortcutFor(event, keys) !== undefined);
  document.addEventListener("keydown", listen);
  press(target, key, extra);
  document.removeEventListener("keydown", listen);
  return found;
}

function add(html: string): HTMLElement {
  const holder = document.createElement("div");
  holder.innerHTML = html;
  document.body.append(holder);
  return holder.firstElementChild as HTMLElement;
}

afterEach(() => {
  document.body.innerHTML = "";
  pressed.length = 0;
  vi.unstubAllGlobals();
});

describe("which key presses are shortcuts", () => {
  it("takes plain keys on the page and on a card's link", () => {
    expect(decides(document.body, "n")).toBe(true);
    expect(decides(add('<a href="/cards/1">Card</a>'), "n")).toBe(true);
    expect(decides(document.body, "x")).toBe(false); // not one of them
  });

  it("never while typing in a field", () => {
    for (const html of ['<input type="text">', "<textarea></textarea>", "<select></select>", '<div contenteditable="true"></div>']) {
      const field = add(html);
      if (html.includes("contenteditable")) Object.defineProperty(field, "isContentEditable", { value: true });
      expect(decides(field, "n"), html).toBe(false);
      expect(decides(field, "/"), html).toBe(false);
      expect(decides(field, "?"), html).toBe(false);
    }
  });

  it("never with a modifier held (the browser's and the system's shortcuts)", () => {
    for (const modifier of ["ctrlKey", "metaKey", "altKey"]) {
      expect(decides(document.body, "n", { [modifier]: true }), modifier).toBe(false);
    }
    expect(decides(document.body, "?", { shiftKey: true })).toBe(true); // Shift makes the "?"
  });

  it("leaves Enter to the link or button that has the focus", () => {
    expect(decides(add('<a href="/cards/1">Card</a>'), "Enter")).toBe(false);
    expect(decides(add("<button>Rename</button>"), "Enter")).toBe(false);
    expect(decides(add('<li data-card-id="1"><span>Card</span></li>').querySelector("span")!, "Enter")).toBe(true);
  });

  it("lets a dialog keep the keyboard, but for the help's own ?", () => {
    add("<dialog open><p>Move to…</p></dialog>");
    expect(decides(document.body, "n")).toBe(false);
    expect(decides(document.body, "ArrowDown")).toBe(false);
    expect(decides(document.body, "?")).toBe(true);
  });

  it("skips a key another handler has already taken (a drag's Space, say)", () => {
    const handle = add("<button>Move</button>");
    handle.addEventListener("keydown", (event) => event.preventDefault());
    expect(decides(handle, "n")).toBe(false);
  });
});

describe("whether the device has a keyboard", () => {
  const media = (coarse: boolean, fine: boolean) =>
    vi.stubGlobal("matchMedia", (query: string) => ({
      matches: query.includes("any-pointer: fine") ? fine : coarse,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));

  it("not on a phone: a coarse pointer and no fine one", () => {
    media(true, false);
    expect(hasKeyboard()).toBe(false);
  });

  it("on a desktop, and on a tablet with a trackpad", () => {
    media(false, true);
    expect(hasKeyboard()).toBe(true);
    media(true, true);
    expect(hasKeyboard()).toBe(true);
  });
});
