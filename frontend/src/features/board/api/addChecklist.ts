import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** A new checklist, last on the card: it shows when its event comes (api/cardEvents.ts). */
export const useAddChecklist = (cardId: number) =>
  useMutation({
    mutationFn: (title: string) =>
      unwrap(api.POST("/api/v1/cards/{card_id}/checklists", { params: { path: { card_id: cardId } }, body: { title } })),
  });
