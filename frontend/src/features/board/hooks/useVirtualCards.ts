/** A column's tiles, virtualised: only those in the window (plus a few either side) are
 * drawn, each at its place in a list as tall as all of them, so that a 500-card column
 * costs what its first screen does. The page itself scrolls (the columns stand side by
 * side and grow with their cards), so the virtualiser follows the window, offset by where
 * the list starts on the page. Tiles differ in height (labels, people, a long title): each
 * drawn one is measured, and the others are estimated from their card (estimateTile). */
import { defaultRangeExtractor, measureElement, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
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

interface Viewport {
  width: number;
  height: number;
  offset: number;
}

let seen: Viewport | null = null;

/** The window's size and scroll, read once for all columns drawn together: reading them
 * forces a layout when the page has changed since the last one, and a board's render
 * inserts a column between two columns' readings. The next render reads them afresh; the
 * virtualiser's own observers correct what changes in between, before the next paint. */
function viewport(): Viewport {
  if (seen === null) {
    seen = { width: window.innerWidth, height: window.innerHeight, offset: window.scrollY };
    queueMicrotask(() => {
      seen = null;
    });
  }
  return seen;
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
  const list = useCallback((node: HTMLElement | null) => {
    element.current = node;
  }, []);
  // Measured once the whole board is in the page, not as each column's list arrives: a
  // reading between two columns' insertions would force a layout for each. And in the
  // frame (an animation frame's callback, before its paint), not in the render's own
  // task: read there, it forced the page's first layout into that task, a third of it on
  // a phone's CPU. The tiles it decides are drawn before that frame is painted (the
  // state's render runs right after the callback).
  useLayoutEffect(() => {
    const frame = requestAnimationFrame(place);
    return () => cancelAnimationFrame(frame);
  }, [place]);
  const settled = useRef(false);
  const kept = useMemo(() => keep.map((id) => cards.findIndex((c) => c.id === id)).filter((i) => i >= 0), [cards, keep]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const drawn = defaultRangeExtractor(range);
      const extra = kept.filter((i) => !drawn.includes(i));
      return extra.length ? [...drawn, ...extra].sort((a, b) => a - b) : drawn;
    },
    [kept],
  );
  // Kept while the cards are: a new getItemKey makes the virtualiser lay out every tile of
  // the column again (O(cards) on each render, thousands on a long column).
  const estimateSize = useCallback((index: number) => (cards[index] ? estimateTile(cards[index]) : 80), [cards]);
  const getItemKey = useCallback((index: number) => cards[index]?.id ?? index, [cards]);
  const virtualizer = useWindowVirtualizer({
    count: cards.length,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
    gap: GAP,
    scrollMargin: offset,
    rangeExtractor,
    // A tile is measured as it is drawn, and by the resize observer once laid out. The
    // column's first tiles skip the first: drawn together, each reading would force a layout
    // of a page still being built (on a phone, the largest cost of drawing a column), and
    // the observer reads them all in one go before they are painted. From then on (a
    // scroll, a card revealed) tiles are read as they come, so a scroll to a card corrects
    // itself from their real heights before its next frame.
    measureElement: (node, entry, instance) => {
      if (entry) settled.current = true;
      return settled.current
        ? measureElement(node, entry, instance)
        : (instance.measurementsCache[instance.indexFromElement(node)]?.size ?? 0);
    },
    onChange: place,
    // The whole window from the first render: no frame with too few tiles.
    initialRect: typeof window === "undefined" ? undefined : viewport(),
    initialOffset: () => (typeof window === "undefined" ? 0 : viewport().offset),
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
