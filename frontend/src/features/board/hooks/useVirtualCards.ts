/** A column's tiles, virtualised: only those in the window (plus a few either side) are
 * drawn, each at its place in a list as tall as all of them, so that a 500-card column
 * costs what its first screen does. The page itself scrolls (the columns stand side by
 * side and grow with their cards), so the virtualiser follows the window, offset by where
 * the list starts on the page. Tiles differ in height (labels, people, a long title): each
 * drawn one is measured, and the others are estimated from their card (estimateTile). */
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Card } from "../../../lib/api";

/** Tiles drawn beyond the window's edges, each side: keyboard steps and small scrolls
 * find their tile there already. */
const OVERSCAN = 6;
/** The list's gap between tiles (.cards: 0.5rem). */
const GAP = 8;

export interface DrawnTile {
  card: Card;
  /** Its place in the column, from 0. */
  index: number;
  /** Its distance from the top of the list, in px. */
  top: number;
}

export interface VirtualCards {
  /** The ref of the list the tiles are drawn in. */
  list: (element: HTMLElement | null) => void;
  tiles: DrawnTile[];
  /** The list's height: every tile's, measured or estimated. */
  height: number;
  /** The ref each drawn tile gives its element, measured now and when it resizes. */
  measure: (element: Element | null) => void;
  /** Scrolls the window to a card of the column; false if the column does not show it. */
  reveal: (cardId: number) => boolean;
}

/** A tile's height before it is measured, from what it shows: the title's lines at the
 * column's width, a row of labels, a row of dates, people and counts. Close enough that
 * the list's height barely moves when tiles are measured. */
export function estimateTile(card: Card): number {
  const lines = Math.max(1, Math.ceil(card.title.length / 30));
  const meta = card.due_date || card.has_description || card.comment_count > 0 || card.assignee_ids.length > 0;
  return 22 + 24 * lines + (card.label_ids.length > 0 ? 28 : 0) + (meta ? 26 : 0);
}

/** ``keep``: cards drawn wherever they are (the one being dragged, the one holding the
 * focus), so that what a person holds never leaves the page. */
export function useVirtualCards(cards: readonly Card[], keep: readonly number[]): VirtualCards {
  // Where the list starts on the page: measured when it is drawn, and again whenever the
  // window scrolls or resizes or a tile's height changes (what is above it may have moved;
  // in between, a few pixels off only shift which tiles the overscan draws).
  const element = useRef<HTMLElement | null>(null);
  const [offset, setOffset] = useState(0);
  const place = useCallback(() => {
    if (element.current) setOffset(Math.round(element.current.getBoundingClientRect().top + window.scrollY));
  }, []);
  const list = useCallback(
    (node: HTMLElement | null) => {
      element.current = node;
      place();
    },
    [place],
  );
  const kept = useMemo(() => keep.map((id) => cards.findIndex((c) => c.id === id)).filter((i) => i >= 0), [cards, keep]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const drawn = defaultRangeExtractor(range);
      const extra = kept.filter((i) => !drawn.includes(i));
      return extra.length ? [...drawn, ...extra].sort((a, b) => a - b) : drawn;
    },
    [kept],
  );
  const virtualizer = useWindowVirtualizer({
    count: cards.length,
    estimateSize: (index) => (cards[index] ? estimateTile(cards[index]) : 80),
    getItemKey: (index) => cards[index]?.id ?? index,
    overscan: OVERSCAN,
    gap: GAP,
    scrollMargin: offset,
    rangeExtractor,
    onChange: place,
    // The whole window from the first render: no frame with too few tiles.
    initialRect: typeof window === "undefined" ? undefined : { width: window.innerWidth, height: window.innerHeight },
  });
  // The columns share the window: one column scrolling it to make up for a tile measured
  // above the view would shift the other three. A column's own tiles settle instead.
  useLayoutEffect(() => {
    // eslint-disable-next-line react-hooks/immutability -- the library's own way to set it (an instance property, not an option)
    virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => false;
  }, [virtualizer]);
  const reveal = useCallback(
    (cardId: number) => {
      const index = cards.findIndex((c) => c.id === cardId);
      if (index < 0) return false;
      virtualizer.scrollToIndex(index, { align: "center" });
      return true;
    },
    [cards, virtualizer],
  );
  const tiles = virtualizer.getVirtualItems().flatMap((item) => {
    const card = cards[item.index];
    return card ? [{ card, index: item.index, top: item.start - offset }] : [];
  });
  return { list, tiles, height: virtualizer.getTotalSize(), measure: virtualizer.measureElement, reveal };
}
