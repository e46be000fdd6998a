import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** A file goes for good, its bytes too (the dialog asks first). */
export const useDeleteAttachment = () =>
  useMutation({
    mutationFn: (attachmentId: number) =>
      unwrap(api.DELETE("/api/v1/attachments/{attachment_id}", { params: { path: { attachment_id: attachmentId } } })),
  });
