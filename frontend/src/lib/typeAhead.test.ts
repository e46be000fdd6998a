// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { typeAhead, type TypeAhead } from "./typeAhead";

let kept: TypeAhead | null = null;
afterEach(() => {
  kept?.stop();
  kept = null;
});

/** `key` pressed on the page; whether the page's own listener heard it. */
function press(key: string, init: KeyboardEventInit = {}): { taken: boolean; heard: boolean } {
  let heard = false;
  const listener = () => (heard = true);
  document.body.addEventListener("keydown", listener);
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  document.body.dispatchEvent(event);
  document.body.removeEventListener("keydown", listener);
  return { taken: event.defaultPrevented, heard };
}

describe("the keys typed while a field opens", () => {
  it("are kept, Backspace included, and the page's own shortcuts do not hear them", () => {
    kept = typeAhead(() => undefined);
    for (const key of ["d", "e", "x", "Backspace", "p", " ", "é"]) {
      expect(press(key)).toEqual({ taken: true, heard: false });
    }
    expect(kept.stop()).toBe("dep é");
  });

  it("leave the named keys and the shortcuts with a modifier to the page", () => {
    kept = typeAhead(() => undefined);
    expect(press("Tab")).toEqual({ taken: false, heard: true });
    expect(press("ArrowDown")).toEqual({ taken: false, heard: true });
    expect(press("k", { ctrlKey: true })).toEqual({ taken: false, heard: true });
    expect(press("a", { metaKey: true })).toEqual({ taken: false, heard: true });
    expect(press("n", { isComposing: true })).toEqual({ taken: false, heard: true });
    expect(kept.stop()).toBe("");
  });

  it("go to the page again once stopped", () => {
    kept = typeAhead(() => undefined);
    press("a");
    expect(kept.stop()).toBe("a");
    expect(press("b")).toEqual({ taken: false, heard: true });
    expect(kept.stop()).toBe("a");
  });

  it("end with Escape, which says the field is not wanted", () => {
    const onEscape = vi.fn();
    kept = typeAhead(onEscape);
    press("a");
    expect(press("Escape").taken).toBe(true);
    expect(onEscape).toHaveBeenCalledOnce();
    expect(press("b")).toEqual({ taken: false, heard: true });
  });
});
