import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** A checklist goes with its items (the dialog asks first). */
export const useDeleteChecklist = () =>
  useMutation({
    mutationFn: (checklistId: number) =>
      unwrap(api.DELETE("/api/v1/checklists/{checklist_id}", { params: { path: { checklist_id: checklistId } } })),
  });
