/** The time zone the viewer reads dates in: the one their account names (the SPA reads it
 * from /me, the islands from the page), else the browser's own. A tiny store, so that
 * tiles rendered before /me answered follow when it does. */
import { useSyncExternalStore } from "react";
import { browserZone } from "./dates";

let accountZone: string | null = null;
const listeners = new Set<() => void>();

export function setAccountZone(zone: string | null): void {
  if (zone === accountZone) return;
  accountZone = zone;
  for (const listener of listeners) listener();
}

export function viewerZone(): string | null {
  return accountZone ?? browserZone();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const useViewerZone = () => useSyncExternalStore(subscribe, viewerZone, viewerZone);

const OFFERED = "teamboard.zone-offered";

/** Once per browser session, when the account has no zone yet: the browser's. The pages
 * then show times in it too (they cannot ask the browser). `send` saves it (PATCH /me). */
export function offerBrowserZone(current: string | null | undefined, send: (zone: string) => Promise<unknown>): void {
  const zone = browserZone();
  if (current || !zone) return;
  try {
    if (sessionStorage.getItem(OFFERED)) return;
    sessionStorage.setItem(OFFERED, zone);
  } catch {
    // No storage (a private window may refuse it): offering once per page is fine too.
  }
  send(zone).catch(() => undefined); // a failed offer is retried next session
}
