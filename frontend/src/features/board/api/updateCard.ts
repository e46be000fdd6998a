import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { cardChanged } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";

export type CardChanges = Omit<Schemas["CardUpdate"], "version">;

/** Done when the card's event has changed it on the board (api/confirm.ts), so whoever
 * waits for it (the title editor, the card dialog) finds the board already showing it. */
export function useUpdateCard(boardId: number) {
  const confirming = { qc: useQueryClient(), boardId };
  return useMutation({
    mutationFn: (v: { cardId: number; version: number; changes: CardChanges }) =>
      confirmed(
        confirming,
        unwrap(
          api.PATCH("/api/v1/cards/{card_id}", {
            params: { path: { card_id: v.cardId } },
            body: { ...v.changes, version: v.version },
          }),
        ),
        cardChanged,
      ),
    onError: (error) => afterFailure(confirming, error),
  });
}
