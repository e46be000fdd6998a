/** How many of `count` parts may draw: one at first, then one more in each following task
 * until all do. A board's first render drew every column's tiles in one task — on a phone's
 * CPU a few hundred milliseconds in which the page could answer nothing; column by column,
 * each task is a column's, and the first (the one a phone shows) comes no later. Only the
 * first render is staggered: once all have drawn, parts added later draw at once. */
import { useEffect, useState } from "react";

export function useStaggered(count: number): number {
  const [drawn, setDrawn] = useState(1);
  const done = drawn >= count;
  useEffect(() => {
    if (done) return;
    const next = setTimeout(() => setDrawn((n) => n + 1), 0);
    return () => clearTimeout(next);
  }, [done, drawn]);
  return done ? Number.MAX_SAFE_INTEGER : drawn;
}
