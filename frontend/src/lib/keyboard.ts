/** Whether the device has a keyboard to press shortcuts with (lib/shortcuts.ts). Apart
 * from the shortcuts themselves so that asking costs the first screen next to nothing. */
import { useSyncExternalStore } from "react";

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
