import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

/** Teamboard's own export (a board's .zip or .json) back in: a new board, made at once. */
export function useImportBoard() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return unwrap(
        api.POST("/api/v1/imports/teamboard", {
          body: form as unknown as { file: string },
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: boardsKeys.list(false) }),
  });
}

/** Whether a chosen file is Teamboard's own export rather than Trello's (as the server's
 * page tells them apart: a zip, or a document whose first key is its format). */
export async function isOwnExport(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 100).arrayBuffer());
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return zip || new TextDecoder().decode(head).includes('"format": "teamboard.board/');
}
