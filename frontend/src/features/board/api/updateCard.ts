import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { rebase } from "../model/pending";
import { cardChanged } from "../model/shows";
import { afterFailure, confirmed } from "./confirm";
import { boardWrite, ownSteps, wrote } from "./pending";

export type CardChanges = Omit<Schemas["CardUpdate"], "version">;

/** Done when the card's event has changed it on the board (api/confirm.ts), so whoever
 * waits for it (the title editor, the card dialog) finds the board already showing it.
 * Made offline, it waits for the network, shown over the board (api/pending.ts). */
export function useUpdateCard(boardId: number) {
  const qc = useQueryClient();
  const confirming = { qc, boardId };
  return useMutation({
    ...boardWrite(boardId, "edit"),
    /** `title`: the card's title as the person saw it (names the change if it is refused). */
    mutationFn: async (v: { cardId: number; version: number; changes: CardChanges; title?: string }) => {
      // This tab's earlier writes to the card, sent before this one, are not a conflict.
      const version = rebase(v.version, ownSteps(qc, v.cardId));
      const card = await confirmed(
        confirming,
        unwrap(
          api.PATCH("/api/v1/cards/{card_id}", {
            params: { path: { card_id: v.cardId } },
            body: { ...v.changes, version },
          }),
        ),
        cardChanged,
      );
      wrote(qc, v.cardId, version, card.version);
      return card;
    },
    onError: (error) => afterFailure(confirming, error),
  });
}
