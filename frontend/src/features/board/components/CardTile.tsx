import { useSortable } from "@dnd-kit/sortable";
import { onlineManager } from "@tanstack/react-query";
import { CSS } from "@dnd-kit/utilities";
import { memo, useEffect, useRef, useState, type KeyboardEvent, type KeyboardEventHandler, type ReactNode } from "react";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import type { Board, Card } from "../../../lib/api";
import { useUpdateCard } from "../api/updateCard";
import { isStandIn } from "../model/pending";
import { LabelChip, TileMeta } from "./TileParts";

interface Props {
  board: Board;
  card: Card;
  canEdit: boolean;
  renderTitle: (card: Card) => ReactNode;
  /** A change to it made offline is not saved yet (api/pending.ts). */
  pending?: boolean;
}

/** What a tile shows. Memoised: each tile re-renders whenever the drag-and-drop context
 * changes (a tile registering, a drag starting), and its face only needs to when the card,
 * the board's labels or members change. */
export const CardFace = memo(function CardFace({ board, card, renderTitle }: Omit<Props, "canEdit">) {
  const labels = board.labels.filter((l) => card.label_ids.includes(l.id));
  // In the card's order (the server's tile lists them the same way).
  const people = card.assignee_ids.flatMap((id) => board.members.filter((m) => m.user_id === id));
  return (
    <>
      {renderTitle(card)}
      {labels.length > 0 && (
        <p className="chips">
          <span className="visually-hidden">Labels: </span>
          {labels.map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
        </p>
      )}
      <TileMeta dueDate={card.due_date} hasDescription={card.has_description} comments={card.comment_count} people={people} />
    </>
  );
}, sameFace);

/** A tile needs drawing again only when its card, the board's labels or members, or how
 * it is drawn change: an event elsewhere on the board makes a new board, not a new tile. */
function sameFace(a: Omit<Props, "canEdit">, b: Omit<Props, "canEdit">): boolean {
  return (
    a.card === b.card &&
    a.renderTitle === b.renderTitle &&
    a.pending === b.pending &&
    a.board.id === b.board.id &&
    a.board.labels === b.board.labels &&
    a.board.members === b.board.members
  );
}

/** A card added offline: no id, no page, nothing to do with it until the server has it. */
function StandIn({ card }: { card: Card }) {
  return (
    <li className="card-tile pending" data-pending>
      <span className="card-title">{card.title}</span>
      <p className="meta"><span className="pending-mark">Pending</span></p>
    </li>
  );
}

export const CardTile = memo(function CardTile(props: Props) {
  return isStandIn(props.card.id) ? <StandIn card={props.card} /> : <SavedCard {...props} />;
}, (a, b) => a.canEdit === b.canEdit && sameFace(a, b));

function SavedCard({ board, card, canEdit, renderTitle, pending = false }: Props) {
  const [editing, setEditing] = useState(false);
  // An edit ended from the keyboard (Enter, Escape) gives the keyboard back to the card.
  const refocus = useRef(false);
  const tile = useRef<HTMLLIElement | null>(null);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    tile.current?.querySelector<HTMLElement>(".card-title")?.focus();
  }, [editing]);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: `card-${card.id}`,
    data: { type: "card", id: card.id },
    disabled: !canEdit || editing,
  });
  // Mouse and touch drag from anywhere on the tile; the keyboard from the handle only,
  // so Enter and Space on the title link keep their usual meaning.
  const { onKeyDown, ...pointer } = listeners ?? {};
  // Set through the CSSOM by React, which the page's CSP (style-src 'self') allows.
  const style = { transform: CSS.Translate.toString(transform), transition };
  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        tile.current = node;
      }}
      style={style}
      className={`card-tile${isDragging ? " dragging" : ""}${pending ? " pending" : ""}`}
      id={`card-${card.id}`}
      data-card-id={card.id}
      data-pending={pending || undefined}
      {...(canEdit && !editing ? pointer : {})}
    >
      {editing ? (
        <TitleEditor
          boardId={board.id}
          card={card}
          onDone={(byKey) => {
            refocus.current ||= byKey;
            setEditing(false);
          }}
        />
      ) : (
        <>
          <CardFace board={board} card={card} renderTitle={renderTitle} />
          {pending && (
            <p className="meta">
              <span className="pending-mark" title="Changed while offline: sent when you are back online">Pending</span>
            </p>
          )}
          {canEdit && (
            <div className="tile-tools">
              <button
                type="button"
                className="drag-handle"
                ref={setActivatorNodeRef}
                {...attributes}
                onKeyDown={onKeyDown as KeyboardEventHandler | undefined}
                aria-label={`Move “${card.title}”`}
                aria-roledescription="draggable card"
              >
                {/* Six dots in one path: one element a tile rather than seven. */}
                <svg width="12" height="16" viewBox="0 0 12 16" aria-hidden="true">
                  <path d="M3 1.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z M9 1.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z M3 6.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z M9 6.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z M3 11.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z M9 11.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 1 1 0-3z" />
                </svg>
              </button>
              <button type="button" className="link-button small-link" onClick={() => setEditing(true)} data-edit-title>
                Rename<span className="visually-hidden"> “{card.title}”</span>
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

function TitleEditor({ boardId, card, onDone }: { boardId: number; card: Card; onDone: (byKey: boolean) => void }) {
  const [title, setTitle] = useState(card.title);
  const update = useUpdateCard(boardId);
  const { errors, required } = useFieldErrors(update.error);
  const id = `title-${card.id}`;
  function save(byKey: boolean) {
    // Blank is refused in the catalogue's words (Escape cancels), never silently dropped.
    if (!required({ title })) return;
    const value = title.trim();
    if (value === card.title) {
      onDone(byKey);
      return;
    }
    update.mutate({ cardId: card.id, version: card.version, changes: { title: value }, title: card.title }, { onSuccess: () => onDone(byKey) });
    // Offline the new title waits for the network, shown on the tile as pending.
    if (!onlineManager.isOnline()) onDone(byKey);
  }
  function onKey(event: KeyboardEvent) {
    if (event.key === "Enter") {
      event.preventDefault();
      save(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onDone(true);
    }
  }
  return (
    <div className="field">
      <label htmlFor={`title-${card.id}`} className="visually-hidden">
        Card title
      </label>
      <input id={id} type="text" value={title} maxLength={200} autoFocus onChange={(e) => setTitle(e.target.value)} onKeyDown={onKey} onBlur={() => save(false)} {...described(id, errors.title)} />
      <FieldError id={id} message={errors.title} />
      {update.error && !errors.title && <p className="field-error" role="alert">{update.error.message}</p>}
    </div>
  );
}
