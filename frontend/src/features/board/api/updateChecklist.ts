import { useMutation } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

/** Rename or move a checklist. */
export const useUpdateChecklist = () =>
  useMutation({
    mutationFn: ({ checklistId, changes }: { checklistId: number; changes: Schemas["ChecklistUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/checklists/{checklist_id}", { params: { path: { checklist_id: checklistId } }, body: changes })),
  });
