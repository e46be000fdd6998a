/** The interactive board: columns and cards with drag and drop (mouse, touch, keyboard) of
 * cards and of columns, optimistic moves and reorders, inline title edits, new cards, and
 * the board's keyboard shortcuts. Used by the SPA and by the island on the server-rendered
 * board page. */
import { DndContext, DragOverlay, type DragEndEvent, type DragStartEvent } from "@dnd-kit/core";
import { horizontalListSortingStrategy, SortableContext } from "@dnd-kit/sortable";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Board as BoardData, Card } from "../../../lib/api";
import { useHasKeyboard } from "../../../lib/keyboard";
import { boardKeys } from "../api/keys";
import { usePendingCards, useRefusals } from "../api/pending";
import { useReorderColumns } from "../api/reorderColumns";
import { useUndoableMove } from "../api/undoableMove";
import type { BoardLinks } from "../hooks/useBoardShortcuts";
import { collide, dataOf, laneOrder, type Item } from "../model/dragging";
import { dropTarget, findCard } from "../model/ordering";
import type { Follow } from "./BoardKeys";
import { CardFace } from "./CardTile";
import { useFileDrop } from "../hooks/useFileDrop";
import { useBoardSensors } from "../hooks/useBoardSensors";
import { STEPS_PER_COLUMN, tilesDrawn, useStaggered } from "../hooks/useStaggered";
import { ColumnView } from "./Column";
import { NewColumn } from "./NewColumn";
import "./board.css";
import "./columns.css";

// The keyboard's part comes in chunks of its own, after the board is on screen: the
// shortcuts themselves, and the dialogs they open (fetched when first opened).
const BoardKeys = lazy(() => import("./BoardKeys"));
const ShortcutHelp = lazy(() => import("./ShortcutHelp").then((m) => ({ default: m.ShortcutHelp })));
const MoveDialog = lazy(() => import("./MoveDialog").then((m) => ({ default: m.MoveDialog })));

export interface BoardProps {
  board: BoardData;
  /** How a card's title links to its details: the SPA's dialog or the server's page. */
  renderTitle: (card: Card) => ReactNode;
  /** Where the `b` and `s` shortcuts go on this surface, and how. */
  links: BoardLinks;
  notice?: string | null;
  onNotice: (message: string | null) => void;
  /** Which cards the columns show (model/filter.ts); every card when absent. The board
   * itself keeps them all: live events and drops work on the whole board. */
  shows?: (card: Card) => boolean;
}

export function Board({ board, renderTitle, links, notice, onNotice, shows }: BoardProps) {
  const [active, setActive] = useState<Item | null>(null);
  const [help, setHelp] = useState(false);
  const [moving, setMoving] = useState<number | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const qc = useQueryClient();
  const move = useUndoableMove(board.id, onNotice);
  const reorder = useReorderColumns(board.id, onNotice);
  const pending = usePendingCards(board.id);
  const { refusals, dismiss } = useRefusals(board.id);
  const canEdit = board.role !== "viewer";
  const keyboard = useHasKeyboard();
  useFileDrop(root, canEdit);
  const dragging = active?.type === "card" ? active.id : null;
  // The first render draws a few of a column's tiles a task (hooks/useStaggered.ts).
  const step = useStaggered(board.columns.length * STEPS_PER_COLUMN);
  const sensors = useBoardSensors();

  const toggleHelp = useCallback(() => setHelp((shown) => !shown), []);
  const reload = useCallback(() => void qc.invalidateQueries({ queryKey: boardKeys.detail(board.id) }), [qc, board.id]);
  const openMove = useCallback((cardId: number) => canEdit && setMoving(cardId), [canEdit]);
  // A card moved with "move to…" takes the keyboard along (BoardKeys).
  const follow = useRef<Follow | null>(null);

  function moveTo(cardId: number, columnId: number, index: number) {
    const card = findCard(board, cardId);
    if (!card || (card.column_id === columnId && card.position === index)) return;
    move(card, { columnId, index });
  }

  function onDragStart(event: DragStartEvent) {
    setActive(dataOf(event.active.data.current));
    onNotice(null);
  }

  function onDragEnd(event: DragEndEvent) {
    setActive(null);
    const dragged = dataOf(event.active.data.current);
    const over = dataOf(event.over?.data.current);
    if (!dragged || !over) return;
    if (dragged.type === "lane") {
      const order = over.type === "lane" ? laneOrder(board, dragged.id, over.id) : null;
      if (order) reorder.mutate({ columnIds: order });
      return;
    }
    if (dragged.type !== "card" || over.type === "lane") return;
    const target = dropTarget(board, dragged.id, over);
    if (target) moveTo(dragged.id, target.columnId, target.index);
  }

  const overlayCard = active?.type === "card" ? findCard(board, active.id) : undefined;
  const overlayLane = active?.type === "lane" ? board.columns.find((c) => c.id === active.id) : undefined;
  const say = useAnnouncements();
  const accessibility = useMemo(
    () => ({
      announcements: say?.announcements(board),
      screenReaderInstructions: {
        draggable:
          "To move a card or a column, press Space on its handle, use the arrow keys, then Space again to drop it or Escape to cancel.",
      },
    }),
    [board, say],
  );
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
      {refusals.map((refusal) => (
        <div key={refusal.id} className="flash flash-error refusal" role="alert">
          {refusal.message}{" "}
          <button type="button" className="link-button" onClick={() => dismiss(refusal.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {keyboard && (
        <p className="board-keys">
          <button type="button" className="link-button small-link" onClick={toggleHelp} aria-expanded={help} aria-keyshortcuts="?">
            Keyboard shortcuts <kbd>?</kbd>
          </button>
        </p>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={collide}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
        accessibility={accessibility}
      >
        <SortableContext items={board.columns.map((c) => `lane-${c.id}`)} strategy={horizontalListSortingStrategy}>
          <div className="columns live-columns" ref={root}>
            {board.columns.map((column, index) => (
              <ColumnView key={column.id} board={board} column={column} canEdit={canEdit} renderTitle={renderTitle} shows={shows} pending={pending} dragging={dragging} drawn={tilesDrawn(step, index)} />
            ))}
          </div>
        </SortableContext>
        <DragOverlay>
          {overlayCard ? (
            <div className="card-tile drag-overlay">
              <CardFace board={board} card={overlayCard} renderTitle={(c) => <span className="card-title">{c.title}</span>} />
            </div>
          ) : overlayLane ? (
            <div className="column drag-overlay lane-overlay">
              <h2>{overlayLane.name}</h2>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {canEdit && <NewColumn boardId={board.id} />}
      <Suspense fallback={null}>
      {keyboard && (
        // Not while something is being dragged: the arrow keys are the drag's then.
        <BoardKeys
          board={board}
          shows={shows}
          followRef={follow}
          enabled={active === null}
          root={root}
          links={links}
          toggleHelp={toggleHelp}
          move={openMove}
          reload={reload}
        />
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {moving !== null && (
        <MoveDialog
          board={board}
          cardId={moving}
          onMove={(columnId, index) => {
            follow.current = { cardId: moving, columnId };
            moveTo(moving, columnId, index);
          }}
          onClose={() => setMoving(null)}
        />
      )}
      </Suspense>
    </>
  );
}

type Announce = typeof import("../model/announce");

/** The screen reader's words for drags, fetched once the board is on screen. */
function useAnnouncements(): Announce | null {
  const [module, setModule] = useState<Announce | null>(null);
  useEffect(() => {
    void import("../model/announce").then(setModule);
  }, []);
  return module;
}
