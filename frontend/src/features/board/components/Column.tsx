import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import type { Board, Card, Column } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useCreateCard } from "../api/createCard";
import { CardTile } from "./CardTile";
import { ColumnTools } from "./ColumnTools";

interface Props {
  board: Board;
  column: Column;
  canEdit: boolean;
  renderTitle: (card: Card) => ReactNode;
}

export function ColumnView({ board, column, canEdit, renderTitle }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: `column-${column.id}`, data: { type: "column", id: column.id } });
  const count = column.cards.length;
  return (
    <section className={`column${isOver ? " drop-target" : ""}`} id={`column-${column.id}`} aria-labelledby={`column-${column.id}-title`}>
      <header className="column-head">
        <h2 id={`column-${column.id}-title`}>{column.name}</h2>
        <span className={`count${column.wip_limit && count > column.wip_limit ? " over-limit" : ""}`}>
          {count}
          {column.wip_limit ? ` / ${column.wip_limit}` : ""}
          <span className="visually-hidden"> card{count === 1 ? "" : "s"}</span>
        </span>
      </header>
      <SortableContext items={column.cards.map((c) => `card-${c.id}`)} strategy={verticalListSortingStrategy}>
        <ol className="cards" ref={setNodeRef}>
          {column.cards.map((card) => (
            <CardTile key={card.id} board={board} card={card} canEdit={canEdit} renderTitle={renderTitle} />
          ))}
          {count === 0 && <li className="empty">No cards</li>}
        </ol>
      </SortableContext>
      {canEdit && <AddCard boardId={board.id} columnId={column.id} columnName={column.name} />}
      {canEdit && <ColumnTools key={`${column.id}-${column.version}`} boardId={board.id} column={column} />}
    </section>
  );
}

function AddCard({ boardId, columnId, columnName }: { boardId: number; columnId: number; columnName: string }) {
  const [title, setTitle] = useState("");
  const create = useCreateCard(boardId);
  const { errors, required, formError } = useFieldErrors(create.error);
  const input = useRef<HTMLInputElement>(null);
  const id = `add-card-${columnId}-title`;
  function submit(event: FormEvent) {
    event.preventDefault();
    // Whitespace only is refused with the catalogue's words, never silently ignored.
    if (!required({ title })) return;
    // Enter adds and keeps the field open and focused, ready for the next card.
    create.mutate({ columnId, title: title.trim() }, { onSuccess: () => { setTitle(""); input.current?.focus(); } });
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
      <button type="submit" className="small" disabled={create.isPending}>
        Add card<span className="visually-hidden"> to {columnName}</span>
      </button>
    </form>
  );
}
