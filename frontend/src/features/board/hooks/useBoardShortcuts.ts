/** The board's keyboard shortcuts, one set for the SPA and the server's board page (both
 * render components/Board.tsx, which calls this), through lib/shortcuts.ts. Not on a phone. */
import { useMemo, type RefObject } from "react";
import { useShortcuts, type Keys } from "../../../lib/shortcuts";
import { ARROWS, focusCard, focusedCardId, focusedColumn, focusedTile, gridOf, nextCard, type Grid } from "../model/focus";

export interface BoardLinks {
  /** The list of boards, and this board's settings, on this surface. */
  boards: string;
  settings: string;
  go: (href: string) => void;
}

export interface BoardShortcuts {
  /** The element holding the columns. */
  root: RefObject<HTMLElement | null>;
  links: BoardLinks;
  toggleHelp: () => void;
  /** Opens "move to…" for a card. */
  move: (cardId: number) => void;
  reload: () => void;
  enabled: boolean;
  /** The cards the arrow keys go between; the tiles on the page when absent. */
  grid?: () => Grid;
}

export function boardShortcutKeys({ root, links, toggleHelp, move, reload, grid }: Omit<BoardShortcuts, "enabled">): Keys {
  const inside = (act: (el: HTMLElement) => unknown) => () => (root.current ? act(root.current) : false);
  const keys: Keys = {
    "/": () => focus(document.querySelector("[data-filter-input]")),
    n: inside((el) => focus(focusedColumn(el)?.querySelector("[data-add-card]") ?? null)),
    c: () => focus(document.getElementById("new-column-name")),
    Enter: inside((el) => click(focusedTile(el)?.querySelector(".card-title") ?? null)),
    e: inside((el) => click(focusedTile(el)?.querySelector("[data-edit-title]") ?? null)),
    m: inside((el) => {
      const id = focusedCardId(el);
      if (id === null) return false;
      move(id);
    }),
    s: () => links.go(links.settings),
    b: () => links.go(links.boards),
    r: reload,
    "?": toggleHelp,
  };
  for (const [key, direction] of Object.entries(ARROWS)) {
    // From a card, or from nowhere in particular (the page itself): elsewhere an arrow
    // key keeps its own meaning (a list's, a scrolling area's).
    keys[key] = inside((el) => {
      const from = focusedCardId(el);
      const active = document.activeElement;
      if (from === null && active && active !== document.body) return false;
      const to = nextCard(grid ? grid() : gridOf(el), from, direction);
      return to === null ? false : focusCard(el, to);
    });
  }
  return keys;
}

function focus(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  element.focus();
  return true;
}

function click(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  element.click();
  return true;
}

export function useBoardShortcuts({ enabled, root, links, toggleHelp, move, reload, grid }: BoardShortcuts): void {
  const keys = useMemo(() => boardShortcutKeys({ root, links, toggleHelp, move, reload, grid }), [root, links, toggleHelp, move, reload, grid]);
  useShortcuts(keys, enabled);
}
