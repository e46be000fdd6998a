import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** The item becomes a card right below its own; the item goes. Both show by their events. */
export const useConvertItem = () =>
  useMutation({
    mutationFn: (itemId: number) =>
      unwrap(api.POST("/api/v1/checklist-items/{item_id}/convert", { params: { path: { item_id: itemId } }, body: {} })),
  });
