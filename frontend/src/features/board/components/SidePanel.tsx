/** The board's side panel: dashboard and activity beside the columns (below them on a
 * phone), a <details> that folds into a thin strip and stays as the person left it —
 * the same element the server's page renders. */
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { useIdle } from "../../../lib/idle";
import { rememberDetails } from "../model/panel";

export function SidePanel({ children }: { children: ReactNode }) {
  // Left to the browser, not held in React's state: a re-render between the click and its
  // (asynchronous) toggle event would otherwise fold the panel back and remember it folded.
  const details = useRef<HTMLDetailsElement>(null);
  // Drawn once the columns are: on a phone it is below them, and on a wide screen its
  // parts show skeletons until their data comes anyway.
  const idle = useIdle();
  useLayoutEffect(() => {
    return details.current ? rememberDetails(details.current) : undefined;
  }, []);
  return (
    <aside className="side-panel" aria-label="Board dashboard and activity">
      {/* Arrives open, as on the server's page; rememberDetails folds it as it was left. */}
      <details ref={details} className="side-panel-toggle" open>
        <summary><span className="side-panel-label">Dashboard &amp; activity</span></summary>
        <div className="side-panel-body">{idle && children}</div>
      </details>
    </aside>
  );
}
