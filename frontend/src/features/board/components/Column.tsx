import { useDroppable } from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type FormEvent, type ReactNode } from "react";
import type { Board, Card, Column } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useCreateCard } from "../api/createCard";
import { useVirtualCards } from "../hooks/useVirtualCards";
import { REVEAL } from "../model/reveal";
import { overLimit } from "../model/limits";
import { CardTile } from "./CardTile";
import { ColumnTools } from "./ColumnTools";
import { LaneHandle } from "./LaneHandle";

interface Props {
  board: Board;
  column: Column;
  canEdit: boolean;
  renderTitle: (card: Card) => ReactNode;
  shows?: ((card: Card) => boolean) | undefined;
  /** Cards with a change made offline that is not saved yet (api/pending.ts). */
  pending: ReadonlySet<number>;
  /** The card being dragged, if any: its tile stays drawn wherever the drag goes. */
  dragging: number | null;
  /** How many of its tiles in view are drawn yet (the board's first render staggers them,
   * hooks/useStaggered.ts); the list keeps its height meanwhile, so nothing moves when
   * they come. */
  drawn?: number;
}

export function ColumnView({ board, column, canEdit, renderTitle, shows, pending, dragging, drawn = Infinity }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: `column-${column.id}`, data: { type: "column", id: column.id } });
  // The column itself moves among the columns ("lane"), by its header's handle only.
  const lane = useSortable({ id: `lane-${column.id}`, data: { type: "lane", id: column.id }, disabled: !canEdit });
  const { setNodeRef: setLaneRef, setActivatorNodeRef: setHandleRef, attributes, listeners } = lane;
  const count = column.cards.length;
  // Filtered: only the matching cards are there to see, to drag and to drop onto.
  const cards = useMemo(() => (shows ? column.cards.filter(shows) : column.cards), [column.cards, shows]);
  const filtered = cards.length !== count;
  // Every card is in the sortable list, drawn or not: dnd-kit skips those it has no tile of.
  const ids = useMemo(() => cards.map((c) => `card-${c.id}`), [cards]);
  const section = useRef<HTMLElement | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const keep = useMemo(() => [dragging, focused].filter((id): id is number => id !== null), [dragging, focused]);
  const { list, tiles, height, measure, reveal } = useVirtualCards(cards, keep);
  const listRef = useCallback(
    (node: HTMLOListElement | null) => {
      setNodeRef(node);
      list(node);
    },
    [setNodeRef, list],
  );
  // The arrow keys and "move to…" ask for a card not drawn (model/focus.ts): this column
  // scrolls to it if it has it.
  useEffect(() => {
    const element = section.current;
    const onReveal = (event: Event) => {
      if (reveal((event as CustomEvent<number>).detail)) event.preventDefault();
    };
    element?.addEventListener(REVEAL, onReveal);
    return () => element?.removeEventListener(REVEAL, onReveal);
  }, [reveal]);
  // The tile holding the focus stays drawn when the window scrolls away from it.
  const onFocus = (event: FocusEvent) => setFocused(tileOf(event.target));
  const onBlur = (event: FocusEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocused(null);
  };
  const over = overLimit(count, column.wip_limit);
  const classes = ["column", isOver && "drop-target", over && "over-limit", lane.isDragging && "dragging"];
  // Set through the CSSOM by React, which the page's CSP (style-src 'self') allows.
  const style = { transform: CSS.Translate.toString(lane.transform), transition: lane.transition };
  return (
    <section
      ref={(node) => {
        setLaneRef(node);
        section.current = node;
      }}
      style={style}
      className={classes.filter(Boolean).join(" ")}
      id={`column-${column.id}`}
      data-column-id={column.id}
      aria-labelledby={`column-${column.id}-title`}
    >
      <header className="column-head">
        {canEdit && (
          <LaneHandle
            ref={setHandleRef}
            {...attributes}
            {...listeners}
            label={`Move column “${column.name}”`}
          />
        )}
        <h2 id={`column-${column.id}-title`}>{column.name}</h2>
        <span className={`count${over ? " over-limit" : ""}`}>
          {filtered ? `${cards.length} of ${count}` : count}
          {column.wip_limit ? ` / ${column.wip_limit}` : ""}
          <span className="visually-hidden">
            {" "}card{count === 1 ? "" : "s"}
            {filtered ? " match the filter" : ""}
            {column.wip_limit ? ` of a limit of ${column.wip_limit}` : ""}
            {over ? ", over the limit" : ""}
          </span>
        </span>
      </header>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol
          className="cards virtual-cards"
          ref={listRef}
          style={cards.length ? { height } : undefined}
          onFocus={onFocus}
          onBlur={onBlur}
        >
          {(drawn < tiles.length ? tiles.slice(0, drawn) : tiles).map(({ card, index, top }) => (
            <CardTile
              key={card.id}
              board={board}
              card={card}
              canEdit={canEdit}
              renderTitle={renderTitle}
              pending={pending.has(card.id)}
              place={{ index, of: cards.length, top }}
              measure={measure}
            />
          ))}
          {cards.length === 0 && <li className="empty">{count === 0 ? "No cards" : "No matching cards"}</li>}
        </ol>
      </SortableContext>
      {canEdit && <AddCard boardId={board.id} columnId={column.id} columnName={column.name} />}
      {canEdit && <ColumnTools boardId={board.id} column={column} />}
    </section>
  );
}

function tileOf(target: EventTarget | null): number | null {
  const tile = target instanceof Element ? target.closest<HTMLElement>("[data-card-id]") : null;
  return tile ? Number(tile.dataset.cardId) : null;
}

function AddCard({ boardId, columnId, columnName }: { boardId: number; columnId: number; columnName: string }) {
  const [title, setTitle] = useState("");
  const create = useCreateCard(boardId);
  // A card added offline and refused later is named above the board (api/pending.ts).
  const { errors, required, formError } = useFieldErrors(create.context?.queued ? null : create.error);
  const input = useRef<HTMLInputElement>(null);
  const id = `add-card-${columnId}-title`;
  function submit(event: FormEvent) {
    event.preventDefault();
    // Whitespace only is refused with the catalogue's words, never silently ignored.
    if (!required({ title })) return;
    // Enter adds and keeps the field open and focused, ready for the next card: emptied at
    // once, so that what is typed next is never wiped when this one is saved; a refused
    // title comes back into the field if nothing was typed meanwhile. (Offline it waits for
    // the network, shown on the board as pending.)
    const sent = title;
    setTitle("");
    input.current?.focus();
    create.mutate({ columnId, title: sent.trim() }, { onError: () => setTitle((now) => now || sent) });
  }
  const message = errors.title ?? formError;
  return (
    <form className="add-card" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id} className="visually-hidden">
          New card in {columnName}
        </label>
        <input ref={input} id={id} type="text" value={title} maxLength={200} placeholder="Add a card…" onChange={(e) => setTitle(e.target.value)} data-add-card {...described(id, message)} />
        <FieldError id={id} message={message} />
      </div>
      <button type="submit" className="small" disabled={create.isPending && !create.isPaused}>
        Add card<span className="visually-hidden"> to {columnName}</span>
      </button>
    </form>
  );
}
