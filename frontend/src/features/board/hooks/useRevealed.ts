import { startTransition, useEffect, useState } from "react";

/** How many tiles each column renders at first: more than any screen shows above the fold
 * (a 1440×900 screen shows about seven a column, a phone about eight). */
export const FIRST_TILES = 12;
/** How many more each column gets per idle moment: small enough that adding them to every
 * column stays under the 50 ms a task may take on a slow phone. */
export const MORE_TILES = 8;

const whenIdle: (run: () => void) => () => void =
  typeof window !== "undefined" && "requestIdleCallback" in window
    ? (run) => {
        const handle = window.requestIdleCallback(run, { timeout: 500 });
        return () => window.cancelIdleCallback(handle);
      }
    : (run) => {
        const handle = setTimeout(run, 16);
        return () => clearTimeout(handle);
      };

/** The number of tiles a column may render now. A long board's first screen comes first;
 * the tiles below the fold follow a few at a time when the browser is idle, so that taking
 * over a 200-card board never blocks input for long. Once every tile is there the limit is
 * gone for good: later cards (live events, undo) show at once. */
export function useRevealed(longest: number): number {
  const [limit, setLimit] = useState(FIRST_TILES);
  const done = limit >= longest;
  useEffect(() => {
    if (done) return;
    return whenIdle(() => startTransition(() => setLimit((n) => n + MORE_TILES)));
  }, [done, limit]);
  return done ? Number.POSITIVE_INFINITY : limit;
}
