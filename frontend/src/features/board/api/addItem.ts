import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** A new item, last in its checklist. */
export const useAddItem = () =>
  useMutation({
    mutationFn: ({ checklistId, text }: { checklistId: number; text: string }) =>
      unwrap(api.POST("/api/v1/checklists/{checklist_id}/items", { params: { path: { checklist_id: checklistId } }, body: { text } })),
  });
