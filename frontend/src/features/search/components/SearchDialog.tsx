/** Search across the user's boards, in a modal dialog: a combobox whose list is the hits,
 * asked for as one types (after a pause of DEBOUNCE ms; the request typed over is
 * aborted), gone through with the arrow keys and opened with Enter or a click. Escape or
 * "Close" closes it, and the focus goes back where it was. */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useSearch, type SearchHit } from "../api/search";
import { useDebounced } from "../hooks/useDebounced";
import { Hits, HitsSkeleton, optionId } from "./Hits";
import "./search.css";

/** How long typing pauses before the query goes out. */
export const DEBOUNCE = 150;

/** Where a hit opens: the card's dialog over its board; an archived card is on no board,
 * so its board's list of archived cards. */
export const hitPath = (hit: SearchHit) =>
  hit.archived ? `/boards/${hit.board_id}/archived` : `/boards/${hit.board_id}/cards/${hit.card_id}`;

/** `typedAhead`: what was typed before the field had the focus, which it starts with. */
export function SearchDialog({ onClose, typedAhead }: { onClose: () => void; typedAhead?: () => string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState("");
  const typed = text.trim();
  const q = useDebounced(typed, DEBOUNCE);
  const search = useSearch(q);
  const hits = useMemo(() => search.data?.pages.flatMap((page) => page.hits) ?? [], [search.data]);
  // The hit the keyboard is on, in the query it was chosen in: a new query starts at the top
  // (and so do keys pressed before any hit came).
  const [cursor, setCursor] = useState({ q, index: 0 });
  const active = cursor.q === q ? Math.max(0, Math.min(cursor.index, hits.length - 1)) : 0;
  const moveTo = (index: number) => setCursor({ q, index });

  // Said once: the event of a dialog already gone may still come (and must not close the
  // one opened since), and a dialog taken away unasked (its page left) says nothing.
  const closed = useRef(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    return () => {
      closed.current = true;
      dialog?.close();
    };
  }, []);

  // In the same task as the focus: from here the field takes the keys itself. (Until then
  // the keys are kept outside the dialog, so they come in once, as one more render.)
  useEffect(() => {
    const ahead = typedAhead?.() ?? "";
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above: once, at the opening
    if (ahead) setText(ahead);
  }, [typedAhead]);

  useEffect(() => {
    document.getElementById(optionId(listId, active))?.scrollIntoView({ block: "nearest" });
  }, [listId, active]);

  // Closed through the dialog itself, which gives the focus back, and said at once: its
  // `close` event comes a task later, when a key may already have opened search again.
  // (The event is for the closes the browser makes: a phone's Back.)
  const close = () => {
    if (closed.current) return;
    closed.current = true;
    ref.current?.close();
    onClose();
  };

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    close();
    void navigate(hitPath(hit));
  };

  const loadMore = () => {
    const from = hits.length;
    input.current?.focus();
    void search.fetchNextPage().then(() => moveTo(from));
  };

  const onFieldKey = (event: React.KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(Math.min(active + 1, hits.length - 1)),
      ArrowUp: () => moveTo(Math.max(active - 1, 0)),
      Enter: () => open(hits[active]),
    };
    const act = keys[event.key];
    if (!act || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    act();
  };

  // A query typed but not answered yet: the hits shown (if any) are the query's before.
  const pending = typed !== q || search.isPlaceholderData;
  const listed = typed !== "" && q !== "" && search.data !== undefined && !(pending && hits.length === 0);
  const expanded = listed && hits.length > 0;
  return (
    <dialog
      ref={ref}
      className="search-dialog"
      aria-label="Search"
      onClose={close}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        close();
      }}
    >
      <div className="search-field">
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z" />
        </svg>
        <input
          ref={input}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          maxLength={200}
          placeholder="Search cards, comments, labels…"
          aria-label="Search the cards of your boards"
          aria-expanded={expanded}
          aria-controls={expanded ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? optionId(listId, active) : undefined}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onFieldKey}
        />
        <button type="button" className="secondary small" onClick={close}>Close</button>
      </div>
      <div className="search-body">
        {typed === "" ? (
          <Help />
        ) : search.isError && !search.isFetchNextPageError ? (
          <div className="flash flash-error" role="alert">
            <p>Search is not available just now: {search.error.message}</p>
            <button type="button" className="secondary small" onClick={() => void search.refetch()}>Try again</button>
          </div>
        ) : !listed ? (
          <HitsSkeleton />
        ) : hits.length === 0 ? (
          <p className="search-none">No cards match “{q}”. Check the spelling, or try fewer words or the start of a word.</p>
        ) : (
          <Hits id={listId} hits={hits} active={active} stale={pending} onHover={moveTo} onOpen={open} />
        )}
        {listed && !pending && search.hasNextPage && (
          <p className="search-more">
            <button type="button" className="secondary small" disabled={search.isFetchingNextPage} onClick={loadMore}>
              {search.isFetchingNextPage ? "Loading more…" : "Load more"}
            </button>
          </p>
        )}
        {search.isFetchNextPageError && (
          <p className="flash flash-error" role="alert">More cards could not be loaded: {search.error.message}</p>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {listed && !pending && (hits.length === 0 ? "No cards found" : `${hits.length}${search.hasNextPage ? " or more" : ""} cards found`)}
      </p>
    </dialog>
  );
}

function Help() {
  return (
    <div className="search-help">
      <p>Find a card on any of your boards by its title, description, comments or labels.</p>
      <p>
        <kbd>↑</kbd> <kbd>↓</kbd> choose a card, <kbd>Enter</kbd> opens it, <kbd>Esc</kbd> closes. Quotes find an{" "}
        <code>"exact phrase"</code>, <code>-word</code> leaves a word out, <code>or</code> finds either word.
      </p>
    </div>
  );
}
