import { lazy, Suspense, useState } from "react";
import type { Column } from "../../../lib/api";
import { LineSkeleton } from "../../../lib/Skeleton";

// Most visits never open a column's settings: their forms come in a chunk of their own.
const ColumnSettings = lazy(() => import("./ColumnSettings"));

/** A column's settings behind a disclosure (rename, WIP limit, delete). They stay open
 * while the column changes (a new version starts the forms afresh). */
export function ColumnTools({ boardId, column }: { boardId: number; column: Column }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="column-tools" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Column settings<span className="visually-hidden"> for {column.name}</span>
      </summary>
      {open && (
        <Suspense fallback={<LineSkeleton what="the column settings" />}>
          <ColumnSettings key={column.version} boardId={boardId} column={column} />
        </Suspense>
      )}
    </details>
  );
}
