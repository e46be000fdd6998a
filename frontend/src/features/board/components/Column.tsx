import { useDroppable } from "@dnd-kit/core";
import { onlineManager } from "@tanstack/react-query";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useState, type FormEvent, type ReactNode } from "react";
import type { Board, Card, Column } from "../../../lib/api";
import { useCreateCard } from "../api/createCard";
import { CardTile } from "./CardTile";
import { ColumnTools } from "./ColumnTools";

interface Props {
  board: Board;
  column: Column;
  canEdit: boolean;
  renderTitle: (card: Card) => ReactNode;
  /** Cards with a change made offline that is not saved yet (api/pending.ts). */
  pending: ReadonlySet<number>;
}

export function ColumnView({ board, column, canEdit, renderTitle, pending }: Props) {
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
            <CardTile key={card.id} board={board} card={card} canEdit={canEdit} renderTitle={renderTitle} pending={pending.has(card.id)} />
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
  const id = `add-card-${columnId}-title`;
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = title.trim();
    if (!value) return;
    create.mutate({ columnId, title: value }, { onSuccess: () => setTitle("") });
    // Offline it waits for the network, shown on the board as pending: the field is free.
    if (!onlineManager.isOnline()) setTitle("");
  }
  return (
    <form className="add-card" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id} className="visually-hidden">
          New card in {columnName}
        </label>
        <input id={id} type="text" value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} data-add-card />
        {create.error && !create.context?.queued && <p className="field-error">{create.error.message}</p>}
      </div>
      <button type="submit" className="small" disabled={create.isPending && !create.isPaused}>
        Add card<span className="visually-hidden"> to {columnName}</span>
      </button>
    </form>
  );
}
