/** How many of `count` parts may draw: none at first, then one more in each following
 * task until all do. A board's first render drew every column's tiles in one task — on a
 * phone's CPU a few hundred milliseconds in which the page could answer nothing. Now the
 * first task draws the board's frame (heads, forms, lists as tall as their tiles) and each
 * following task a few of a column's tiles (components/Board.tsx, tilesDrawn), the first
 * column's (the one a phone shows) first. Only the first render is staggered: once all
 * have drawn, parts added later draw at once. */
import { useEffect, useState } from "react";

/** What "all drawn" is: parts added after it draw at once. */
const ALL = Number.MAX_SAFE_INTEGER;

export function useStaggered(count: number): number {
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (drawn === ALL) return;
    const next = setTimeout(() => setDrawn((n) => (n + 1 >= count ? ALL : n + 1)), 0);
    return () => clearTimeout(next);
  }, [count, drawn]);
  return drawn >= count ? ALL : drawn;
}

/** The board's first render draws each column's tiles in view over this many tasks, this
 * many a task (the last task the rest): a column's ten to twenty tiles in one task made
 * it long on a phone's CPU, where the first column's first tiles are all the screen shows. */
export const STEPS_PER_COLUMN = 3;
const TILES_PER_STEP = 5;

/** How many of its tiles in view column ``index`` draws at ``step`` of the first render. */
export function tilesDrawn(step: number, index: number): number {
  const own = step - index * STEPS_PER_COLUMN;
  return own >= STEPS_PER_COLUMN ? Infinity : Math.max(0, own) * TILES_PER_STEP;
}
