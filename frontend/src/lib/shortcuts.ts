import { useEffect } from "react";

/** Single-key shortcuts, ignored while typing in a field or with a modifier held. */
export function useShortcuts(keys: Record<string, () => void>): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (document.querySelector("dialog[open]") && event.key !== "?") return;
      const action = keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [keys]);
}
