import { startTransition, useEffect, useState } from "react";

/** Whether a big first rendering (a board of 200 cards) may start: false until `ready`,
 * then true, set from a transition, so that React renders it in slices between which the
 * browser stays responsive, instead of one long task. Later renderings are not deferred. */
export function useInSlices(ready: boolean): boolean {
  const [go, setGo] = useState(false);
  useEffect(() => {
    if (ready && !go) startTransition(() => setGo(true));
  }, [ready, go]);
  return go;
}
