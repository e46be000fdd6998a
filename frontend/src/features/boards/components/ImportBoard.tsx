/** Import a board: a Trello export is uploaded, then followed (read every second) until
 * the new board is there, with what came over and what was left out; a Teamboard export
 * (a board's .zip or .json) becomes a board at once. */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { described, FieldError, useFieldErrors } from "../../../lib/FieldError";
import { useLiveMessages } from "../../../lib/live";
import type { LiveMessage } from "../../../lib/protocol";
import { isOwnExport, useImportBoard } from "../api/importBoard";
import { useImportJob } from "../api/importJob";
import { useImportTrello } from "../api/importTrello";
import { boardsKeys } from "../api/keys";
import { RecentImports } from "./RecentImports";

const KINDS: Record<string, [string, string]> = {
  columns: ["column", "columns"],
  cards: ["card", "cards"],
  archived_cards: ["archived card", "archived cards"],
  labels: ["label", "labels"],
  checklists: ["checklist", "checklists"],
  checklist_items: ["checklist item", "checklist items"],
  comments: ["comment", "comments"],
  attachments: ["attachment link", "attachment links"],
  assignments: ["assignment", "assignments"],
  invitations: ["invitation", "invitations"],
};

export function ImportBoard() {
  const [file, setFile] = useState<File | null>(null);
  const [memberMap, setMemberMap] = useState("");
  // The import followed is in the address: reloaded, or come back to, it is followed still.
  const [params, setParams] = useSearchParams();
  const jobId = Number(params.get("import")) || null;
  const setJobId = (id: number) => setParams({ import: String(id) }, { replace: false });
  const upload = useImportTrello();
  const own = useImportBoard();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { errors, formError } = useFieldErrors(upload.error ?? own.error);
  const [missing, setMissing] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(file === null);
    if (!file) return;
    upload.reset();
    own.reset();
    if (await isOwnExport(file)) own.mutate(file, { onSuccess: (made) => void navigate(`/boards/${made.board_id}`) });
    else
      upload.mutate(
        { file, memberMap },
        {
          onSuccess: (started) => {
            setJobId(started.id);
            void qc.invalidateQueries({ queryKey: boardsKeys.imports });
          },
        },
      );
  }
  const pending = upload.isPending || own.isPending;
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import a board</h2>
      <p className="hint">
        From Trello: open the board's menu → Print, export and share → Export as JSON, then choose that file here; its
        lists, cards, labels, checklists and comments become a new board of yours. From Teamboard: a board's export
        (.zip, with its files, or .json).
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="import-file">Export file (.json or .zip)</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.zip,application/json,application/zip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            {...described("import-file", missing ? "Choose the export file." : errors.file)}
          />
          <FieldError id="import-file" message={missing ? "Choose the export file." : errors.file} />
        </div>
        <div className="field">
          <label htmlFor="import-members">Invite Trello members (optional)</label>
          <textarea id="import-members" rows={2} value={memberMap} onChange={(e) => setMemberMap(e.target.value)} {...described("import-members", errors.member_map)} />
          <p className="hint">One per line: trello_username=their e-mail address. They are invited as editors.</p>
          <FieldError id="import-members" message={errors.member_map} />
        </div>
        {formError && !errors.file && <p className="field-error" role="alert">{formError}</p>}
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? "Uploading…" : "Import"}
        </button>
      </form>
      {jobId !== null && <ImportProgress jobId={jobId} />}
      <RecentImports shown={jobId} onShow={setJobId} />
    </section>
  );
}

function ImportProgress({ jobId }: { jobId: number }) {
  const job = useImportJob(jobId);
  const qc = useQueryClient();
  // Each batch's progress arrives over the socket; the job is read again then.
  const onMessage = useCallback(
    (message: LiveMessage) => {
      if (message.type === "import.progress" && message.data.id === jobId) void qc.invalidateQueries({ queryKey: boardsKeys.importJob(jobId) });
    },
    [qc, jobId],
  );
  useLiveMessages(onMessage, true);
  const status = job.data?.status;
  useEffect(() => {
    if (status === "done") void qc.invalidateQueries({ queryKey: boardsKeys.list(false) });
    if (status) void qc.invalidateQueries({ queryKey: boardsKeys.imports });
  }, [status, qc]);
  if (!job.data) return <p role="status">Starting…</p>;
  const { progress, report, board_id: boardId, error } = job.data;
  return (
    <div className="import-progress">
      {status === "queued" && <p role="status">Waiting to start…</p>}
      {status === "running" && (
        <p role="status">
          Importing: {progress.done} of {progress.total} cards written.{" "}
          <progress max={progress.total || 1} value={progress.done} />
        </p>
      )}
      {status === "failed" && <p className="flash flash-error" role="alert">The import failed, and no board was made: {error ?? "an unexpected error"}</p>}
      {status === "done" && boardId !== null && (
        <p className="flash flash-success" role="status">
          Imported. <Link to={`/boards/${boardId}`}>Open the board</Link>
        </p>
      )}
      {report && (
        <>
          <ul className="import-counts">
            {Object.entries(KINDS).map(([key, [one, many]]) => {
              const n = report.imported[key] ?? 0;
              return n ? <li key={key}>{n} {n === 1 ? one : many}</li> : null;
            })}
          </ul>
          {report.skipped.length > 0 && (
            <details>
              <summary>Left out ({report.skipped.length})</summary>
              <ul>{report.skipped.map((s, i) => <li key={i}>{s.what}: {s.why}</li>)}</ul>
            </details>
          )}
          {(report.notes ?? []).map((note, i) => <p key={i} className="hint">{note}</p>)}
        </>
      )}
    </div>
  );
}
