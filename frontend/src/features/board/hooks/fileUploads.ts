/** Sending the files dropped on a tile (useFileDrop.ts), each told in a toast. */
import { ApiError } from "../../../lib/api";
import { showNotice } from "../../../lib/toast";
import { uploadAttachment } from "../api/uploadAttachment";

export async function send(cardId: number, title: string, file: File) {
  try {
    await uploadAttachment(cardId, file);
    showNotice(`Added “${file.name}” to “${title}”.`);
  } catch (error) {
    // A refusal of the file itself (too large, over the board's quota) is the field's error.
    const why = error instanceof ApiError ? (error.fields.file ?? error.message) : "the upload failed";
    showNotice(`Could not add “${file.name}” to “${title}”: ${why}`, "error");
  }
}
