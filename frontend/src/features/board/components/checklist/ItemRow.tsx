/** One checklist item: its box (ticked at once), its text, assignee and due day, a handle
 * to drag it (or move it with the keyboard), and its edit, "Make a card" and delete. */
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState, type FormEvent } from "react";
import type { Board } from "../../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../../lib/FieldError";
import { useConvertItem } from "../../api/convertItem";
import { useDeleteItem } from "../../api/deleteItem";
import { useUpdateItem } from "../../api/updateItem";
import type { Item } from "../../model/checklists";
import { Avatar, DueChip } from "../TileParts";

interface Props {
  board: Board;
  cardId: number;
  item: Item;
  canWrite: boolean;
}

export function ItemRow({ board, cardId, item, canWrite }: Props) {
  const update = useUpdateItem(cardId);
  const remove = useDeleteItem();
  const convert = useConvertItem();
  const [editing, setEditing] = useState(false);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.id, disabled: !canWrite || editing });
  const style = { transform: CSS.Transform.toString(transform), transition };
  const member = board.members.find((m) => m.user_id === item.assignee_id);
  const boxId = `item-${item.id}-done`;
  const failed = update.error ?? remove.error ?? convert.error;
  return (
    <li ref={setNodeRef} style={style} className={`cl-item${item.done ? " cl-done" : ""}${isDragging ? " cl-dragging" : ""}`}>
      {canWrite && (
        <button type="button" className="cl-handle" {...attributes} {...listeners} aria-label={`Move “${item.text}”`}>
          <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true">
            <g fill="currentColor"><circle cx="3" cy="3" r="1.3" /><circle cx="9" cy="3" r="1.3" /><circle cx="3" cy="7" r="1.3" /><circle cx="9" cy="7" r="1.3" /><circle cx="3" cy="11" r="1.3" /><circle cx="9" cy="11" r="1.3" /></g>
          </svg>
        </button>
      )}
      {editing ? (
        <ItemEditor board={board} item={item} update={update} onDone={() => setEditing(false)} />
      ) : (
        <>
          <input id={boxId} type="checkbox" checked={item.done} disabled={!canWrite}
            onChange={(e) => update.mutate({ item, changes: { done: e.target.checked } })} />
          <label htmlFor={boxId} className="cl-text">{item.text}</label>
          <span className="cl-meta">
            {item.due_at && <DueChip day={item.due_at} />}
            {member && <Avatar member={member} />}
          </span>
          {canWrite && (
            <span className="cl-actions">
              <button type="button" className="cl-quiet" onClick={() => setEditing(true)}>
                Edit<span className="visually-hidden"> “{item.text}”</span>
              </button>
              <button type="button" className="cl-quiet" disabled={convert.isPending} onClick={() => convert.mutate(item.id)}>
                Make a card<span className="visually-hidden"> of “{item.text}”</span>
              </button>
              <button type="button" className="cl-quiet cl-danger" disabled={remove.isPending} onClick={() => remove.mutate(item.id)}>
                Delete<span className="visually-hidden"> “{item.text}”</span>
              </button>
            </span>
          )}
        </>
      )}
      {failed && !editing && <p className="field-error" role="alert">{failed.message}</p>}
    </li>
  );
}

function ItemEditor({ board, item, update, onDone }: { board: Board; item: Item; update: ReturnType<typeof useUpdateItem>; onDone: () => void }) {
  const [text, setText] = useState(item.text);
  const [assignee, setAssignee] = useState(item.assignee_id ? String(item.assignee_id) : "");
  const [day, setDay] = useState(item.due_at ?? "");
  const { errors, required, formError } = useFieldErrors(update.error);
  const id = `item-${item.id}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ text })) return;
    const changes = { text, assignee_id: assignee ? Number(assignee) : null, due_at: day || null };
    update.mutate({ item, changes }, { onSuccess: onDone });
  }
  const message = errors.text ?? formError;
  return (
    <form className="cl-editor" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-text`} className="visually-hidden">Item text</label>
      <input id={`${id}-text`} type="text" value={text} onChange={(e) => setText(e.target.value)} {...described(`${id}-text`, message)} />
      <FieldError id={`${id}-text`} message={message} />
      <div className="cv-inline">
        <label htmlFor={`${id}-assignee`}>Assignee</label>
        <select id={`${id}-assignee`} value={assignee} onChange={(e) => setAssignee(e.target.value)} {...described(`${id}-assignee`, errors.assignee_id)}>
          <option value="">Nobody</option>
          {board.members.map((m) => (
            <option key={m.user_id} value={m.user_id}>{m.display_name}</option>
          ))}
        </select>
        <label htmlFor={`${id}-due`}>Due</label>
        <input id={`${id}-due`} type="date" value={day} onChange={(e) => setDay(e.target.value)} {...described(`${id}-due`, errors.due_at)} />
      </div>
      <FieldError id={`${id}-assignee`} message={errors.assignee_id} />
      <FieldError id={`${id}-due`} message={errors.due_at} />
      <div className="cv-inline">
        <button type="submit" className="small" disabled={update.isPending}>Save</button>
        <button type="button" className="small secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
