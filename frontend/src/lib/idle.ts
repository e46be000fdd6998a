/** Work a first screen does not show (a board's side panel, below the columns on a phone)
 * waits for a moment of rest, so that it does not lengthen the task that draws what the
 * screen shows. */
import { useEffect, useState } from "react";

/** Waits at most this long for a moment of rest: a page that is never idle still gets it. */
const AT_MOST_MS = 1000;

/** Runs ``work`` once the page is idle; returns what cancels it. */
export function whenIdle(work: () => void): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(work, { timeout: AT_MOST_MS });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 0);
  return () => clearTimeout(timer);
}

/** Whether the page has been idle since the component mounted. */
export function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => (idle ? undefined : whenIdle(() => setIdle(true))), [idle]);
  return idle;
}
