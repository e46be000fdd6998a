import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { SettingsSkeleton } from "../../../lib/Skeleton";
import type { Schemas } from "../../../lib/api";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useBoardSettings } from "../api/boardSettings";
import { useCreateLabel } from "../api/createLabel";
import { useDeleteBoard } from "../api/deleteBoard";
import { useUpdateBoard } from "../api/updateBoard";
import { CopyBoard, TemplateSwitch } from "./BoardCopies";
import { ExportBoard } from "./ExportBoard";
import { Invitations } from "./Invitations";
import { LabelRow } from "./LabelRow";
import { MemberRow } from "./MemberRow";

export function SettingsPage() {
  const boardId = Number(useParams().boardId);
  const settings = useBoardSettings(boardId);
  if (settings.isPending) return <SettingsSkeleton />;
  if (settings.error) return <div className="flash flash-error" role="alert">Could not load the settings: {settings.error.message}</div>;
  const { board, members, labels } = settings.data;
  const owner = board.role === "owner";
  const editor = board.role !== "viewer";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/">Boards</Link> / <Link to={`/boards/${boardId}`}>{board.name}</Link> /</p>
          <h1>Settings &amp; members</h1>
        </div>
        <nav className="board-nav" aria-label="Board">
          <Link to={`/boards/${boardId}`}>Board</Link>
          <Link to={`/boards/${boardId}/settings`} aria-current="page">Settings &amp; members</Link>
        </nav>
      </div>
      {editor && <BoardForm boardId={boardId} name={board.name} description={board.description} />}
      <section className="panel" aria-labelledby="labels-title">
        <h2 id="labels-title">Labels</h2>
        <Labels boardId={boardId} labels={labels} editable={editor} />
      </section>
      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <Members boardId={boardId} members={members} editable={owner} />
      </section>
      {owner && <Invitations boardId={boardId} />}
      <CopyBoard boardId={boardId} name={board.name} />
      {owner && <TemplateSwitch boardId={boardId} isTemplate={board.is_template} />}
      {owner && <ExportBoard boardId={boardId} name={board.name} />}
      {owner && <DangerZone boardId={boardId} archived={board.archived} />}
    </>
  );
}

function BoardForm({ boardId, name: initialName, description: initialDescription }: { boardId: number; name: string; description: string }) {
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription);
  const update = useUpdateBoard(boardId);
  const { errors, required, formError } = useFieldErrors(update.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ name })) update.mutate({ name, description });
  }
  return (
    <section className="panel" aria-labelledby="board-form-title">
      <h2 id="board-form-title">Board</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="board-name">Name</label>
          <input id="board-name" type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} {...described("board-name", errors.name)} />
          <FieldError id="board-name" message={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="board-description">Description (Markdown)</label>
          <textarea id="board-description" value={description} onChange={(e) => setDescription(e.target.value)} {...described("board-description", errors.description)} />
          <FieldError id="board-description" message={errors.description} />
        </div>
        {update.isSuccess && <p className="flash flash-success" role="status">Board saved.</p>}
        {formError && <p className="field-error" role="alert">{formError}</p>}
        <button type="submit" disabled={update.isPending}>Save board</button>
      </form>
    </section>
  );
}

function Labels({ boardId, labels, editable }: { boardId: number; labels: Schemas["LabelRead"][]; editable: boolean }) {
  const [name, setName] = useState("");
  const [color, setColor] = useState("#4f46e5");
  const create = useCreateLabel(boardId);
  const { errors, required, formError } = useFieldErrors(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required({ name })) create.mutate({ name: name.trim(), color }, { onSuccess: () => setName("") });
  }
  return (
    <>
      {labels.length === 0 && <p className="empty">No labels yet.</p>}
      <ul className="label-list">
        {labels.map((label) => (
          <LabelRow key={label.id} boardId={boardId} label={label} editable={editable} />
        ))}
      </ul>
      {editable && (
        <form className="row-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="label-name">Label name</label>
            <input id="label-name" type="text" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} {...described("label-name", errors.name)} />
            <FieldError id="label-name" message={errors.name} />
          </div>
          <div className="field">
            <label htmlFor="label-color">Colour</label>
            <input id="label-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} {...described("label-color", errors.color)} />
            <FieldError id="label-color" message={errors.color} />
          </div>
          <button type="submit" className="small" disabled={create.isPending}>Create label</button>
          {formError && <p className="form-error" role="alert">{formError}</p>}
        </form>
      )}
    </>
  );
}

function Members({ boardId, members, editable }: { boardId: number; members: Schemas["MemberRead"][]; editable: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <thead><tr><th>Name</th><th>E-mail</th><th>Role</th>{editable && <th><span className="visually-hidden">Actions</span></th>}</tr></thead>
        <tbody>
          {members.map((member) => (
            // Keyed by role too: a role changed elsewhere resets the row's choice.
            <MemberRow key={`${member.user_id}-${member.role}`} boardId={boardId} member={member} editable={editable} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DangerZone({ boardId, archived }: { boardId: number; archived: boolean }) {
  const update = useUpdateBoard(boardId);
  const remove = useDeleteBoard(boardId);
  const navigate = useNavigate();
  return (
    <section className="panel danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title">Archive or delete</h2>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => update.mutate({ archived: !archived })}>
          {archived ? "Restore board" : "Archive board"}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm("Delete this board with all its cards for good?")) remove.mutate(undefined, { onSuccess: () => void navigate("/") });
          }}
        >
          Delete board
        </button>
      </div>
    </section>
  );
}
