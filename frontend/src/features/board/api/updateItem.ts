import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { placeItem, type Item } from "../model/checklists";
import { editChecklists } from "./checklists";
import { boardKeys } from "./keys";

/** Tick, reword, assign, date or move an item. The change shows at once (a tick must
 * feel instant); its event confirms it, and a refusal reads the checklists again. */
export function useUpdateItem(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ item, changes }: { item: Item; changes: Schemas["ItemUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/checklist-items/{item_id}", { params: { path: { item_id: item.id } }, body: changes })),
    onMutate: ({ item, changes }) => {
      const shown: Item = { ...item, ...(changes as Partial<Item>) };
      editChecklists(qc, cardId, (lists) => placeItem(lists, shown));
    },
    onError: () => void qc.invalidateQueries({ queryKey: boardKeys.checklists(cardId) }),
  });
}
