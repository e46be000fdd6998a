/** Search's part of the first screen: the header's button and the keys that open search
 * anywhere in the SPA (model/shortcut.ts). The dialog is a chunk of its own, fetched when
 * the button is pointed at or focused, or at the first opening; the first load carries
 * only this. */
import { lazy, Suspense, useEffect, useState } from "react";
import { MAC, opensSearch } from "../model/shortcut";
import "./launcher.css";

const load = () => import("./SearchDialog");
const SearchDialog = lazy(() => load().then((m) => ({ default: m.SearchDialog })));

export function SearchLauncher() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!opensSearch(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        className="search-button"
        aria-haspopup="dialog"
        aria-keyshortcuts={MAC ? "Meta+K /" : "Control+K /"}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void load()}
        onFocus={() => void load()}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z" />
        </svg>
        <span className="search-button-text">Search</span>
        <kbd aria-hidden="true">{MAC ? "⌘K" : "Ctrl K"}</kbd>
      </button>
      {open && (
        <Suspense fallback={null}>
          <SearchDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
