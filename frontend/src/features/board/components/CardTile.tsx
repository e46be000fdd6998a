import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { flushSync } from "react-dom";
import { lazy, memo, Suspense, useCallback, useRef, useState, type KeyboardEventHandler, type ReactNode } from "react";
import { SPLIT_ORIGIN, type Board, type Card } from "../../../lib/api";
import { useTypeAhead } from "../../../lib/typeAhead";
import { isStandIn } from "../model/pending";
import { LabelChip, TileMeta } from "./TileParts";

// Renaming is rare next to looking: its form comes in a chunk of its own when first used.
const TitleEditor = lazy(() => import("./TitleEditor"));
// Split from the API, a cover is fetched with the token (lib/fileImage.tsx); on the same
// origin (the islands always) it is a plain <img>, and that code never loads.
const FileImage = lazy(() => import("../../../lib/fileImage").then((m) => ({ default: m.FileImage })));

interface Props {
  board: Board;
  card: Card;
  canEdit: boolean;
  renderTitle: (card: Card) => ReactNode;
  /** A change to it made offline is not saved yet (api/pending.ts). */
  pending?: boolean;
}

/** Where a tile of a virtualised column (hooks/useVirtualCards.ts) is: its place among
 * the column's cards, which are not all drawn (told to screen readers), and its top. */
export interface Place {
  index: number;
  of: number;
  top: number;
}

interface TileProps extends Props {
  place: Place;
  /** Measures the drawn tile (the virtualiser's). */
  measure: (element: Element | null) => void;
}

/** The attributes that place a drawn tile in its list. */
function placed({ index, of }: Place) {
  return { "data-index": index, "aria-posinset": index + 1, "aria-setsize": of };
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
      {/* Decorative: the card's title names it. Lazy, and sized by its box (no shift). */}
      {card.cover_url &&
        (SPLIT_ORIGIN ? (
          <Suspense fallback={<span className="tile-cover" />}>
            <FileImage className="tile-cover" path={card.cover_url} />
          </Suspense>
        ) : (
          <img className="tile-cover" src={card.cover_url} alt="" loading="lazy" decoding="async" />
        ))}
      {renderTitle(card)}
      {labels.length > 0 && (
        <p className="chips">
          <span className="visually-hidden">Labels: </span>
          {labels.map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
        </p>
      )}
      <TileMeta dueDate={card.due_date} hasDescription={card.has_description} comments={card.comment_count} checklist={{ done: card.checklist_done, total: card.checklist_total }} files={card.attachment_count ?? 0} people={people} />
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
function StandIn({ card, place, measure }: { card: Card; place: Place; measure: TileProps["measure"] }) {
  return (
    <li className="card-tile pending" data-pending ref={measure} style={{ top: place.top }} {...placed(place)}>
      <span className="card-title">{card.title}</span>
      <p className="meta"><span className="pending-mark">Pending</span></p>
    </li>
  );
}

export const CardTile = memo(function CardTile(props: TileProps) {
  return isStandIn(props.card.id) ? <StandIn card={props.card} place={props.place} measure={props.measure} /> : <SavedCard {...props} />;
}, (a, b) => a.canEdit === b.canEdit && samePlace(a, b) && sameFace(a, b));

function samePlace(a: TileProps, b: TileProps): boolean {
  return a.measure === b.measure && a.place.index === b.place.index && a.place.of === b.place.of && a.place.top === b.place.top;
}

function SavedCard({ board, card, canEdit, renderTitle, pending = false, place, measure }: TileProps) {
  const [editing, setEditing] = useState(false);
  const tile = useRef<HTMLLIElement | null>(null);
  // What is typed while the editor's chunk comes (lib/typeAhead.ts), for its field.
  const typing = useTypeAhead();
  // An edit ended from the keyboard (Enter, Escape) gives the keyboard back to the card,
  // on its title as soon as the title is back.
  const done = (byKey: boolean) => {
    flushSync(() => setEditing(false));
    if (byKey) tile.current?.querySelector<HTMLElement>(".card-title")?.focus();
  };
  const edit = () => {
    typing.start(() => done(true));
    setEditing(true);
  };
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: `card-${card.id}`,
    data: { type: "card", id: card.id },
    disabled: !canEdit || editing,
  });
  // Mouse and touch drag from anywhere on the tile; the keyboard from the handle only,
  // so Enter and Space on the title link keep their usual meaning.
  const { onKeyDown, ...pointer } = listeners ?? {};
  // Set through the CSSOM by React, which the page's CSP (style-src 'self') allows.
  const style = { transform: CSS.Translate.toString(transform), transition, top: place.top };
  // Stable: a new ref each render would have the tile measured again at every drag step.
  const ref = useCallback(
    (node: HTMLLIElement | null) => {
      setNodeRef(node);
      tile.current = node;
      measure(node);
    },
    [setNodeRef, measure],
  );
  return (
    <li
      ref={ref}
      {...placed(place)}
      style={style}
      className={`card-tile${isDragging ? " dragging" : ""}${pending ? " pending" : ""}`}
      id={`card-${card.id}`}
      data-card-id={card.id}
      data-pending={pending || undefined}
      {...(canEdit && !editing ? pointer : {})}
    >
      {editing ? (
        <Suspense fallback={<span className="card-title">{card.title}</span>}>
          <TitleEditor boardId={board.id} card={card} onDone={done} typedAhead={typing.stop} />
        </Suspense>
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
              <button type="button" className="link-button small-link" onClick={edit} data-edit-title>
                Rename<span className="visually-hidden"> “{card.title}”</span>
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}
