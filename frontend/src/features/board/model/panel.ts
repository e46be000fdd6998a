/** Whether the board's side panel (dashboard and activity) is open: remembered in the
 * browser (localStorage) for every board, open until someone closes it. */
const KEY = "teamboard.sidePanel";

export function panelOpen(storage: Pick<Storage, "getItem"> | null = safeStorage()): boolean {
  return storage?.getItem(KEY) !== "closed";
}

export function rememberPanel(open: boolean, storage: Pick<Storage, "setItem"> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, open ? "open" : "closed");
  } catch {
    // Storage full or refused (private mode): the panel just forgets.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null; // blocked by the browser's settings
  }
}

/** The server's page renders the panel as a <details>: open it as remembered, and remember
 * what the person does with it. */
export function rememberDetails(details: HTMLDetailsElement): () => void {
  // The page arrives open; closed already means the person closed it before this script
  // ran (a slow network): their choice wins over the remembered one.
  if (details.open) details.open = panelOpen();
  else rememberPanel(false);
  // On the attribute's change (a microtask after the click), not on the toggle event: that
  // is a task of its own, which a reload or a link followed at once drops unremembered.
  const remember = new MutationObserver(() => rememberPanel(details.open));
  remember.observe(details, { attributes: true, attributeFilter: ["open"] });
  return () => remember.disconnect();
}
