/** The server's list of a column's tiles, shown by the island's column until it draws its
 * own. The island's first render draws the board's frame and then one column's tiles a task
 * (hooks/useStaggered.ts): without this, the tiles the server rendered would vanish for those
 * tasks, long enough to be painted blank. The SPA has no server's lists and skips it. */
import { createContext, useCallback } from "react";

/** The server's `<ol class="cards">` of each column, by column id, taken out of the page
 * before the island renders over it (islands/main.tsx). */
export const ServedLists = createContext<ReadonlyMap<number, HTMLElement>>(new Map());

interface Props {
  list: HTMLElement;
  /** The column's list ref: the virtualiser reads where the list starts from this one. */
  listRef: (node: HTMLElement | null) => void;
}

/** The server's own elements, moved in rather than copied: the same nodes, unparsed. */
export function ServedList({ list, listRef }: Props) {
  const adopt = useCallback(
    (node: HTMLDivElement | null) => {
      node?.replaceChildren(list);
      listRef(node);
    },
    [list, listRef],
  );
  return <div className="served-cards" ref={adopt} />;
}
