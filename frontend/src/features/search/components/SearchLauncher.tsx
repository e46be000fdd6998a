/** Search's part of the first screen: the header's button and the keys that open search
 * anywhere in the SPA (model/shortcut.ts). The dialog is a chunk of its own, fetched when
 * the button is pointed at or focused, or at the first opening; what is typed until its
 * field has the focus is kept for it (lib/typeAhead.ts). */
import { useCallback, useEffect, useRef, useState } from "react";
import { showNotice } from "../../../lib/toast";
import { MAC, opensSearch } from "../model/shortcut";
import { useTypeAhead } from "../../../lib/typeAhead";
import type { SearchDialog as Dialog } from "./SearchDialog";
import "./launcher.css";

// One fetch of the dialog's chunk at a time; one that failed (the network, or a deploy
// since the page was loaded) is asked for again at the next opening.
let loading: Promise<typeof Dialog> | undefined;
function load(): Promise<typeof Dialog> {
  loading ??= import("./SearchDialog").then(
    (m) => m.SearchDialog,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
const prefetch = () => void load().catch(() => undefined);

export function SearchLauncher() {
  // The dialog once its chunk is here (a component, so kept as `() => it`).
  const [SearchDialog, setDialog] = useState<typeof Dialog | null>(null);
  const [open, setOpen] = useState(false);
  // Whether it is open, for the keys' listener, which outlives a render.
  const shown = useRef(false);
  const typing = useTypeAhead();

  const hide = useCallback(() => {
    typing.stop();
    shown.current = false;
    setOpen(false);
  }, [typing]);

  const show = useCallback(() => {
    if (shown.current) return; // Ctrl-K in its own field: it is open already
    shown.current = true;
    typing.start(hide);
    setOpen(true);
    load().then(
      (loaded) => setDialog(() => loaded),
      () => {
        hide();
        showNotice("Search could not be loaded. Check the connection, then try again.", "error");
      },
    );
  }, [hide, typing]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!opensSearch(event)) return;
      event.preventDefault();
      show();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [show]);

  return (
    <>
      <button
        type="button"
        className="search-button"
        aria-haspopup="dialog"
        aria-keyshortcuts={MAC ? "Meta+K /" : "Control+K /"}
        title={MAC ? "Search (⌘K)" : "Search (Ctrl K)"}
        onClick={show}
        onPointerEnter={prefetch}
        onFocus={prefetch}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z" />
        </svg>
        <span className="search-button-text">Search</span>
        <kbd aria-hidden="true">{MAC ? "⌘K" : "Ctrl K"}</kbd>
      </button>
      {open && SearchDialog && <SearchDialog onClose={hide} typedAhead={typing.stop} />}
    </>
  );
}
