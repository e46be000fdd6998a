/** The card's files in its dialog: previews, download links, the cover, and three ways
 * to add one — the file field, a file dropped anywhere on the dialog, an image pasted
 * while it is open. Each shows for everyone by its event (api/cardEvents.ts). */
import { useEffect, useRef, useState, type ChangeEvent, type MouseEvent } from "react";
import { API_URL, SPLIT_ORIGIN } from "../../../../lib/api";
import { FileImage } from "../../../../lib/fileImage";
import { download } from "../../../../lib/files";
import { showNotice } from "../../../../lib/toast";
import { useAttachments } from "../../api/attachments";
import { useDeleteAttachment } from "../../api/deleteAttachment";
import { useSetCover } from "../../api/setCover";
import { useUploadAttachment } from "../../api/uploadAttachment";

const KB = 1024;
function size(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < KB * KB) return `${Math.round(bytes / KB)} KB`;
  return `${(bytes / KB / KB).toFixed(1)} MB`;
}

export function Attachments({ cardId, canWrite }: { cardId: number; canWrite: boolean }) {
  const files = useAttachments(cardId);
  const upload = useUploadAttachment(cardId);
  const send = upload.mutate; // stable: the listeners below are added once
  const remove = useDeleteAttachment();
  const cover = useSetCover(cardId);
  const [asking, setAsking] = useState<number | null>(null);
  const [over, setOver] = useState(false);
  const section = useRef<HTMLElement>(null);

  // Dropped on, or pasted into, the open dialog: the whole dialog is the target.
  useEffect(() => {
    const dialog = section.current?.closest("dialog");
    if (!dialog || !canWrite) return;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (event.target === dialog) setOver(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(false);
      for (const file of event.dataTransfer?.files ?? []) send(file);
    };
    const onPaste = (event: ClipboardEvent) => {
      const pasted = [...(event.clipboardData?.files ?? [])];
      if (pasted.length === 0) return; // text goes where it was pasted
      event.preventDefault();
      for (const file of pasted) send(file);
    };
    dialog.addEventListener("dragover", onDragOver);
    dialog.addEventListener("dragleave", onDragLeave);
    dialog.addEventListener("drop", onDrop);
    dialog.addEventListener("paste", onPaste);
    return () => {
      dialog.removeEventListener("dragover", onDragOver);
      dialog.removeEventListener("dragleave", onDragLeave);
      dialog.removeEventListener("drop", onDrop);
      dialog.removeEventListener("paste", onPaste);
    };
  }, [canWrite, send]);

  function chosen(event: ChangeEvent<HTMLInputElement>) {
    for (const file of event.target.files ?? []) send(file);
    event.target.value = "";
  }
  const list = files.data ?? [];
  return (
    <section className={`cv-section${over ? " cv-dropping" : ""}`} aria-labelledby="files-title" ref={section}>
      <h3 id="files-title">Files{list.length ? ` (${list.length})` : ""}</h3>
      {files.error && <p className="field-error">Could not load the files.</p>}
      {list.length > 0 && (
        <ul className="cv-files">
          {list.map((file) => (
            <li key={file.id}>
              {file.thumbnail_url && <FileImage path={file.thumbnail_url} className="cv-thumb" />}
              <div className="cv-file">
                <a href={`${API_URL}${file.content_url}`} onClick={(e) => opened(e, file.content_url, file.filename)}>
                  {file.filename}
                </a>
                {file.is_cover && <span className="badge">cover</span>}
                <span className="muted">{size(file.size)} · {file.content_type}</span>
                {canWrite && (
                  <span className="cl-actions">
                    {file.has_thumbnail && (
                      <button type="button" className="cl-quiet" disabled={cover.isPending} onClick={() => cover.mutate(file.is_cover ? null : file.id)}>
                        {file.is_cover ? "Remove cover" : "Make cover"}<span className="visually-hidden"> ({file.filename})</span>
                      </button>
                    )}
                    {asking === file.id ? (
                      <span role="alert">
                        Delete {file.filename}?{" "}
                        <button type="button" className="cl-quiet cl-danger" onClick={() => remove.mutate(file.id, { onSettled: () => setAsking(null) })}>Delete</button>
                        <button type="button" className="cl-quiet" onClick={() => setAsking(null)}>Keep it</button>
                      </span>
                    ) : (
                      <button type="button" className="cl-quiet cl-danger" onClick={() => setAsking(file.id)}>
                        Delete<span className="visually-hidden"> {file.filename}</span>
                      </button>
                    )}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {files.data && list.length === 0 && <p className="muted">No files yet.</p>}
      {canWrite && (
        <div className="field">
          <label htmlFor="card-file">Attach a file</label>
          <input id="card-file" type="file" multiple onChange={chosen} aria-describedby="card-file-hint" />
          <p className="hint" id="card-file-hint">Or drop files on this dialog, or paste an image.</p>
        </div>
      )}
      {upload.isPending && <p className="muted" role="status">Uploading…</p>}
      {(upload.error ?? remove.error ?? cover.error) && (
        <p className="field-error" role="alert">{(upload.error ?? remove.error ?? cover.error)?.message}</p>
      )}
    </section>
  );
}

/** Split from the API, a link carries no token: the file is fetched and saved instead. */
function opened(event: MouseEvent, path: string, name: string) {
  if (!SPLIT_ORIGIN) return;
  event.preventDefault();
  download(path, name).catch((error: unknown) =>
    showNotice(`Could not download “${name}”: ${error instanceof Error ? error.message : "try again"}`, "error"),
  );
}
