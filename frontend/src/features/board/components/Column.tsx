import { useDroppable } from "@dnd-kit/core";
import { onlineManager } from "@tanstack/react-query";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import type { Board, Card, Column } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useCreateCard } from "../api/createCard";
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
  /** How many tiles to render for now (hooks/useRevealed.ts): the rest follow when idle. */
  limit?: number;
}

export function ColumnView({ board, column, canEdit, renderTitle, shows, pending, limit = Infinity }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: `column-${column.id}`, data: { type: "column", id: column.id } });
  // The column itself moves among the columns ("lane"), by its header's handle only.
  const lane = useSortable({ id: `lane-${column.id}`, data: { type: "lane", id: column.id }, disabled: !canEdit });
  const { setNodeRef: setLaneRef, setActivatorNodeRef: setHandleRef, attributes, listeners } = lane;
  const count = column.cards.length;
  // Filtered: only the matching cards are there to see, to drag and to drop onto.
  const cards = shows ? column.cards.filter(shows) : column.cards;
  const filtered = cards.length !== count;
  const rendered = cards.length > limit ? cards.slice(0, limit) : cards;
  const over = overLimit(count, column.wip_limit);
  const classes = ["column", isOver && "drop-target", over && "over-limit", lane.isDragging && "dragging"];
  // Set through the CSSOM by React, which the page's CSP (style-src 'self') allows.
  const style = { transform: CSS.Translate.toString(lane.transform), transition: lane.transition };
  return (
    <section
      ref={setLaneRef}
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
      <SortableContext items={rendered.map((c) => `card-${c.id}`)} strategy={verticalListSortingStrategy}>
        <ol className="cards" ref={setNodeRef}>
          {rendered.map((card) => (
            <CardTile key={card.id} board={board} card={card} canEdit={canEdit} renderTitle={renderTitle} pending={pending.has(card.id)} />
          ))}
          {cards.length === 0 && <li className="empty">{count === 0 ? "No cards" : "No matching cards"}</li>}
        </ol>
      </SortableContext>
      {canEdit && <AddCard boardId={board.id} columnId={column.id} columnName={column.name} />}
      {canEdit && <ColumnTools boardId={board.id} column={column} />}
    </section>
  );
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
    // Enter adds and keeps the field open and focused, ready for the next card.
    create.mutate({ columnId, title: title.trim() }, { onSuccess: () => { setTitle(""); input.current?.focus(); } });
    // Offline it waits for the network, shown on the board as pending: the field is free.
    if (!onlineManager.isOnline()) setTitle("");
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
