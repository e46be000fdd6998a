/** The interactive board: columns and cards with drag and drop (mouse, touch, keyboard),
 * optimistic moves, inline title edits and new cards. Used by the SPA and by the island on
 * the server-rendered board page. */
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useState, type ReactNode } from "react";
import type { Board as BoardData, Card } from "../../../lib/api";
import { dropTarget, findCard } from "../model/ordering";
import { useUndoableMove } from "../api/undoableMove";
import { CardFace } from "./CardTile";
import { ColumnView } from "./Column";
import { NewColumn } from "./NewColumn";
import "./board.css";

export interface BoardProps {
  board: BoardData;
  /** How a card's title links to its details: the SPA's dialog or the server's page. */
  renderTitle: (card: Card) => ReactNode;
  notice?: string | null;
  onNotice: (message: string | null) => void;
}

type Over = { type: "card"; id: number } | { type: "column"; id: number };

function dataOf(value: unknown): Over | null {
  const v = value as { type?: string; id?: number } | undefined;
  return v && (v.type === "card" || v.type === "column") && typeof v.id === "number" ? (v as Over) : null;
}

export function Board({ board, renderTitle, notice, onNotice }: BoardProps) {
  const [activeId, setActiveId] = useState<number | null>(null);
  const move = useUndoableMove(board.id, onNotice);
  const canEdit = board.role !== "viewer";
  // Mouse and touch apart: a touch drag starts after a short press, so that a swipe still
  // scrolls the board.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const title = (id: unknown) => findCard(board, Number(String(id).replace("card-", "")))?.title ?? "card";
  const where = (over: Over | null) => {
    if (!over || activeId === null) return "nowhere";
    const target = dropTarget(board, activeId, over);
    const column = board.columns.find((c) => c.id === target?.columnId);
    return target && column ? `${column.name}, position ${target.index + 1}` : "nowhere";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up “${title(active.id)}”. Use the arrow keys to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => `“${title(active.id)}” is over ${where(dataOf(over?.data.current))}.`,
    onDragEnd: ({ active, over }) => `“${title(active.id)}” dropped in ${where(dataOf(over?.data.current))}.`,
    onDragCancel: ({ active }) => `Moving “${title(active.id)}” was cancelled.`,
  };

  function onDragStart(event: DragStartEvent) {
    const data = dataOf(event.active.data.current);
    setActiveId(data?.type === "card" ? data.id : null);
    onNotice(null);
  }

  function onDragEnd(event: DragEndEvent) {
    setActiveId(null);
    const active = dataOf(event.active.data.current);
    const over = dataOf(event.over?.data.current);
    if (active?.type !== "card" || !over) return;
    const card = findCard(board, active.id);
    const target = dropTarget(board, active.id, over);
    if (!card || !target) return;
    if (target.columnId === card.column_id && target.index === card.position) return;
    move(card, { columnId: target.columnId, index: target.index });
  }

  const active = activeId === null ? undefined : findCard(board, activeId);
  return (
    <>
      {notice && (
        <div className="flash flash-error" role="alert">
          {notice}{" "}
          <button type="button" className="link-button" onClick={() => onNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveId(null)}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable: "To move a card, press Space on its handle, use the arrow keys, then Space again to drop it or Escape to cancel.",
          },
        }}
      >
        <div className="columns live-columns">
          {board.columns.map((column) => (
            <ColumnView key={column.id} board={board} column={column} canEdit={canEdit} renderTitle={renderTitle} />
          ))}
        </div>
        <DragOverlay>
          {active ? (
            <div className="card-tile drag-overlay">
              <CardFace board={board} card={active} renderTitle={(c) => <span className="card-title">{c.title}</span>} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {canEdit && <NewColumn boardId={board.id} />}
    </>
  );
}
