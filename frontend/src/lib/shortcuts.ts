/** The one mechanism for single-key shortcuts (the board's: features/board/hooks/
 * useBoardShortcuts.ts). A key is a shortcut only where it cannot mean anything else: never
 * while typing in a field, with a modifier held, or on a control that the key itself
 * activates; and not at all on a phone, which has no keyboard to press them with. */
import { useEffect, useSyncExternalStore } from "react";

/** A key's action; one that answers `false` did not apply and leaves the key alone. */
export type Keys = Record<string, () => unknown>;

// Enter and Space press the button or follow the link that has focus: theirs to keep.
const ACTIVATES = new Set(["Enter", " "]);
const CONTROL = "a[href], button, summary, [role=button]";

/** Whether `event` is one of `keys`' to handle, as the rules above have it. */
export function shortcutFor(event: KeyboardEvent, keys: Keys): Keys[string] | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || event.isComposing) return undefined;
  const target = event.target instanceof Element ? event.target : null;
  if (target && (isTyping(target) || (ACTIVATES.has(event.key) && target.closest(CONTROL)))) return undefined;
  // A modal dialog (the card's, the help, the move chooser) has the keyboard: only `?`
  // still toggles the help, and the dialog's own Escape closes it.
  if (document.querySelector("dialog[open]") && event.key !== "?") return undefined;
  return Object.hasOwn(keys, event.key) ? keys[event.key] : undefined;
}

function isTyping(element: Element): boolean {
  return (element as HTMLElement).isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
}

/** Listens for `keys` on the document while `enabled`. */
export function useShortcuts(keys: Keys, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      const action = shortcutFor(event, keys);
      if (action && action() !== false) event.preventDefault();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [keys, enabled]);
}

// A phone: a coarse pointer and no fine one (no mouse or trackpad, so most likely no
// keyboard either). A tablet with a keyboard case usually brings a trackpad: it has them.
const COARSE = "(pointer: coarse)";
const FINE = "(any-pointer: fine)";

/** Whether this device is likely to have a keyboard (no media queries: assume so). */
export function hasKeyboard(): boolean {
  if (typeof matchMedia !== "function") return true;
  return !matchMedia(COARSE).matches || matchMedia(FINE).matches;
}

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia !== "function") return () => undefined;
  const queries = [matchMedia(COARSE), matchMedia(FINE)];
  for (const query of queries) query.addEventListener("change", onChange);
  return () => {
    for (const query of queries) query.removeEventListener("change", onChange);
  };
}

/** hasKeyboard, kept current (a tablet docked or undocked). */
export function useHasKeyboard(): boolean {
  return useSyncExternalStore(subscribe, hasKeyboard, () => true);
}
