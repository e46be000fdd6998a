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
  const remember = () => rememberPanel(details.open);
  details.addEventListener("toggle", remember);
  return () => details.removeEventListener("toggle", remember);
}
