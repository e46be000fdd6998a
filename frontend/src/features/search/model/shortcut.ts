/** The keys that open search from anywhere in the SPA: Ctrl-K (⌘K on a Mac, where Ctrl-K
 * deletes to the end of a line in any text field), even while typing in a field; and `/`,
 * as a single-key shortcut is (lib/shortcuts.ts: not while typing, nor over a dialog),
 * except where a board's filter field is on the page: there `/` is the board's, which
 * filters its cards (features/board/hooks/useBoardShortcuts.ts). */
import { shortcutFor } from "../../../lib/shortcuts";

export const MAC = /Mac|iPhone|iPad/.test(globalThis.navigator.userAgent);

const SLASH = { "/": () => true };

export function opensSearch(event: KeyboardEvent, mac = MAC): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  if (event.key.toLowerCase() === "k") {
    const command = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
    return command && !event.altKey && !event.shiftKey;
  }
  return event.key === "/" && shortcutFor(event, SLASH) !== undefined && !document.querySelector("[data-filter-input]");
}
