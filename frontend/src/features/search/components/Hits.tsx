/** The hits of a search, as the combobox's list (SearchDialog.tsx): each card's title,
 * where it is (board › column) and the words that matched. */
import { Fragment, memo } from "react";
import { Bar, Loading } from "../../../lib/Skeleton";
import type { SearchHit } from "../api/search";
import { snippetParts } from "../model/snippet";

interface HitsProps {
  id: string;
  hits: SearchHit[];
  active: number;
  /** The hits of the query before, shown while the one typed since is asked. */
  stale: boolean;
  onHover: (index: number) => void;
  onOpen: (hit: SearchHit) => void;
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function Hits({ id, hits, active, stale, onHover, onOpen }: HitsProps) {
  return (
    <ul id={id} role="listbox" aria-label="Cards found" aria-busy={stale} className="search-hits" data-stale={stale}>
      {hits.map((hit, index) => (
        // The keyboard stays in the field (aria-activedescendant): the options take no focus.
        <li
          key={hit.card_id}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          className="search-hit"
          onMouseMove={() => index !== active && onHover(index)}
          onClick={() => onOpen(hit)}
        >
          <span className="search-hit-title">
            {hit.card_title}
            {hit.archived && <span className="search-hit-archived">Archived</span>}
          </span>
          <span className="search-hit-where">
            {hit.board_name}
            <span aria-hidden="true"> › </span>
            <span className="visually-hidden">, in </span>
            {hit.column_name}
          </span>
          {hit.snippet && <Snippet html={hit.snippet} />}
        </li>
      ))}
    </ul>
  );
}

/** Parsed once per snippet, not at every key typed while the hits stay on screen. */
const Snippet = memo(function Snippet({ html }: { html: string }) {
  return (
    <span className="search-hit-snippet">
      {snippetParts(html).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>,
      )}
    </span>
  );
});

/** Three hits' shapes while the first answer comes. */
export function HitsSkeleton() {
  return (
    <Loading what="the cards found" className="search-skeleton">
      <ul className="search-hits">
        {[0, 1, 2].map((row) => (
          <li key={row} className="search-hit">
            <Bar kind="half" />
            <Bar kind="short" />
            <Bar />
          </li>
        ))}
      </ul>
    </Loading>
  );
}
