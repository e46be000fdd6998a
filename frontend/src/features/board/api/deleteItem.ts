import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

export const useDeleteItem = () =>
  useMutation({
    mutationFn: (itemId: number) =>
      unwrap(api.DELETE("/api/v1/checklist-items/{item_id}", { params: { path: { item_id: itemId } } })),
  });
