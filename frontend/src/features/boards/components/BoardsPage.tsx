import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { BoardListSkeleton } from "../../../lib/Skeleton";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { Markdown } from "../../../lib/Markdown";
import { useBoards } from "../api/boards";
import { useCreateBoard } from "../api/createBoard";
import { useTemplates } from "../api/templates";
import { ImportBoard } from "./ImportBoard";
import { MyInvitations } from "./MyInvitations";

export function BoardsPage() {
  const [archived, setArchived] = useState(false);
  const boards = useBoards(archived);
  return (
    <>
      <div className="page-head">
        <h1>{archived ? "Archived boards" : "Your boards"}</h1>
        <button type="button" className="secondary small" onClick={() => setArchived(!archived)}>
          {archived ? "Show active boards" : "Show archived boards"}
        </button>
      </div>
      {!archived && <MyInvitations />}
      {boards.isPending && <BoardListSkeleton />}
      {boards.error && <div className="flash flash-error" role="alert">Could not load the boards: {boards.error.message}</div>}
      {boards.data?.items.length === 0 && (
        <p className="empty">{archived ? "No archived boards." : "No boards yet — create the first one below."}</p>
      )}
      {boards.data && boards.data.items.length > 0 && (
        <ul className="board-list">
          {boards.data.items.map((board) => (
            <li key={board.id} className="board-tile">
              <h2><Link to={`/boards/${board.id}`}>{board.name}</Link></h2>
              {board.description && <Markdown source={board.description} className="prose muted clamp" />}
              <p className="meta"><span className="badge">{board.role}</span></p>
            </li>
          ))}
        </ul>
      )}
      {!archived && <NewBoard />}
      {!archived && <ImportBoard />}
    </>
  );
}

function NewBoard() {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [template, setTemplate] = useState("");
  const templates = useTemplates();
  const create = useCreateBoard();
  const navigate = useNavigate();
  const { errors, required, formError } = useFieldErrors(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!required({ name })) return;
    create.mutate({ name, description, template: template || null }, { onSuccess: (board) => void navigate(`/boards/${board.id}`) });
  }
  return (
    <section className="panel" aria-labelledby="new-board-title">
      <h2 id="new-board-title">New board</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="new-board-name">Name</label>
          <input id="new-board-name" type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-new-board {...described("new-board-name", errors.name)} />
          <FieldError id="new-board-name" message={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="new-board-description">Description</label>
          <textarea id="new-board-description" value={description} onChange={(e) => setDescription(e.target.value)} {...described("new-board-description", errors.description)} />
          <FieldError id="new-board-description" message={errors.description} />
        </div>
        <div className="field">
          <label htmlFor="new-board-template">Start from</label>
          <select id="new-board-template" value={template} onChange={(e) => setTemplate(e.target.value)} {...described("new-board-template", errors.template)}>
            <option value="">Empty board: To do, In progress, Done</option>
            {([["Built-in templates", true], ["Your templates", false]] as const).map(([group, builtin]) => {
              const listed = templates.data?.filter((t) => t.builtin === builtin) ?? [];
              return listed.length === 0 ? null : (
                <optgroup key={group} label={group}>
                  {listed.map((t) => (
                    <option key={t.id} value={t.id}>{`${t.name} (${t.columns.map((c) => c.name).join(", ")})`}</option>
                  ))}
                </optgroup>
              );
            })}
          </select>
          <FieldError id="new-board-template" message={errors.template} />
        </div>
        {formError && <p className="field-error" role="alert">{formError}</p>}
        <button type="submit" disabled={create.isPending}>Create board</button>
      </form>
    </section>
  );
}
