/** The board's side panel: dashboard and activity beside the columns (below them on a
 * phone), a <details> that folds into a thin strip and stays as the person left it —
 * the same element the server's page renders. */
import { useState, type ReactNode } from "react";
import { panelOpen, rememberPanel } from "../model/panel";

export function SidePanel({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(() => panelOpen());
  return (
    <aside className="side-panel" aria-label="Board dashboard and activity">
      <details
        className="side-panel-toggle"
        open={open}
        onToggle={(event) => {
          const now = event.currentTarget.open;
          setOpen(now);
          rememberPanel(now);
        }}
      >
        <summary><span className="side-panel-label">Dashboard &amp; activity</span></summary>
        <div className="side-panel-body">{children}</div>
      </details>
    </aside>
  );
}
