import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** Upload one file to a card (multipart field `file`); its event brings it to everyone. */
export function uploadAttachment(cardId: number, file: File) {
  const form = new FormData();
  form.append("file", file, file.name || "pasted-image.png");
  return unwrap(
    api.POST("/api/v1/cards/{card_id}/attachments", {
      params: { path: { card_id: cardId } },
      // The generated type names the field; the body goes as the browser's multipart.
      body: form as unknown as { file: string },
      bodySerializer: (body) => body as unknown as FormData,
    }),
  );
}

export function useUploadAttachment(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(cardId, file),
    onSettled: () => void qc.invalidateQueries({ queryKey: boardKeys.attachments(cardId) }),
  });
}
