/** One checklist: its title (renamed in place), its progress, its items in an order that
 * drag and drop or the keyboard change (dnd-kit: Space picks an item up by its handle,
 * the arrows move it, Space drops it, Escape cancels), and a form for the next item. */
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useMemo, useState, type FormEvent } from "react";
import type { Board } from "../../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { useAddItem } from "../../api/addItem";
import { useDeleteChecklist } from "../../api/deleteChecklist";
import { useUpdateChecklist } from "../../api/updateChecklist";
import { useUpdateItem } from "../../api/updateItem";
import { progress, type Checklist } from "../../model/checklists";
import { moveWords } from "../../model/moveWords";
import { ItemRow } from "./ItemRow";

const screenReaderInstructions = {
  draggable: "To move an item, press Space, then the arrow keys; Space again drops it, Escape cancels.",
};

interface Props {
  board: Board;
  cardId: number;
  list: Checklist;
  canWrite: boolean;
}

export function ChecklistBlock({ board, cardId, list, canWrite }: Props) {
  // Told in the list's words, as the board tells its cards' moves.
  const announcements = useMemo(() => checklistWords(list), [list]);
  const { done, total } = progress([list]);
  const move = useUpdateItem(cardId);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  function dropped({ active, over }: DragEndEvent) {
    const item = list.items.find((i) => i.id === active.id);
    const to = list.items.findIndex((i) => i.id === over?.id);
    if (item && to >= 0 && to !== item.position) move.mutate({ item, changes: { position: to } });
  }
  // The announcements inside the dialog: outside a modal dialog, everything is inert.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const percent = total ? Math.round((done / total) * 100) : 0;
  const headingId = `checklist-${list.id}-title`;
  return (
    <div className="cl" role="group" aria-labelledby={headingId} ref={setContainer}>
      <ChecklistHead list={list} headingId={headingId} canWrite={canWrite} />
      {total > 0 && (
        <div className="cl-progress">
          <span className="cl-count">{done}/{total}</span>
          <progress max={total} value={done} aria-label={`${list.title}: ${done} of ${total} done`}>
            {percent}%
          </progress>
        </div>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={dropped} accessibility={{ announcements, screenReaderInstructions, container: container ?? undefined }}>
        <SortableContext items={list.items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
          <ul className="cl-items">
            {list.items.map((item) => (
              <ItemRow key={item.id} board={board} cardId={cardId} item={item} canWrite={canWrite} />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      {canWrite && <AddItem checklistId={list.id} title={list.title} />}
    </div>
  );
}

function ChecklistHead({ list, headingId, canWrite }: { list: Checklist; headingId: string; canWrite: boolean }) {
  const rename = useUpdateChecklist();
  const remove = useDeleteChecklist();
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState(false);
  const [title, setTitle] = useState(list.title);
  const { errors, required, formError } = useFieldErrors(rename.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ title })) return;
    rename.mutate({ checklistId: list.id, changes: { title } }, { onSuccess: () => setEditing(false) });
  }
  if (editing) {
    const id = `checklist-${list.id}-rename`;
    const message = errors.title ?? formError;
    return (
      <form className="cl-head" onSubmit={submit} noValidate>
        <label htmlFor={id} className="visually-hidden">Checklist title</label>
        <input id={id} type="text" value={title} onChange={(e) => setTitle(e.target.value)} {...described(id, message)} />
        <button type="submit" className="small" disabled={rename.isPending}>Save</button>
        <button type="button" className="small secondary" onClick={() => setEditing(false)}>Cancel</button>
        <FieldError id={id} message={message} />
      </form>
    );
  }
  return (
    <div className="cl-head">
      <h4 id={headingId}>{list.title}</h4>
      {canWrite && !asking && (
        <>
          <button type="button" className="cl-quiet" onClick={() => { setTitle(list.title); setEditing(true); }}>
            Rename<span className="visually-hidden"> “{list.title}”</span>
          </button>
          <button type="button" className="cl-quiet cl-danger" onClick={() => setAsking(true)}>
            Delete<span className="visually-hidden"> “{list.title}”</span>
          </button>
        </>
      )}
      {asking && (
        <span className="cl-confirm" role="alert">
          Delete “{list.title}”{list.items.length ? ` and its ${list.items.length} item${list.items.length === 1 ? "" : "s"}` : ""}?{" "}
          <button type="button" className="small danger" disabled={remove.isPending} onClick={() => remove.mutate(list.id)}>Delete</button>
          <button type="button" className="small secondary" onClick={() => setAsking(false)}>Keep it</button>
        </span>
      )}
      {remove.error && <p className="field-error" role="alert">{remove.error.message}</p>}
    </div>
  );
}

function AddItem({ checklistId, title }: { checklistId: number; title: string }) {
  const add = useAddItem();
  const [text, setText] = useState("");
  const { errors, required, formError } = useFieldErrors(add.error);
  const id = `checklist-${checklistId}-new-item`;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ text })) return;
    // Emptied at once, for the next item (lists are typed one line after another, before
    // the last one is saved); a refused one comes back to the field to be corrected.
    setText("");
    add.mutate({ checklistId, text }, { onError: () => setText((typed) => typed || text) });
  }
  const message = errors.text ?? formError;
  return (
    <form className="cl-add-item" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">Add an item to “{title}”</label>
      <input id={id} type="text" value={text} placeholder="Add an item" onChange={(e) => setText(e.target.value)} {...described(id, message)} />
      <button type="submit" className="small">Add<span className="visually-hidden"> the item</span></button>
      <FieldError id={id} message={message} />
    </form>
  );
}

function checklistWords(list: Props["list"]) {
  const at = (id: UniqueIdentifier | undefined) => list.items.findIndex((i) => i.id === id);
  return moveWords({
    name: (active) => `“${list.items[at(active.id)]?.text ?? "the item"}”`,
    where: (_active, over) => (at(over?.id) < 0 ? "nowhere" : `at place ${at(over?.id) + 1} of ${list.items.length}`),
    keys: () => "the up and down arrow keys",
  });
}
