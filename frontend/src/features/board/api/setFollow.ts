import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardKeys } from "./keys";

/** Follow (true) or stop following (false) a card. The answer is the new state: it is not
 * board data (no event comes for it), so it goes straight to the cache. */
export function useSetFollow(cardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (following: boolean) => {
      const path = { params: { path: { card_id: cardId } } };
      return unwrap(following ? api.PUT("/api/v1/cards/{card_id}/follow", path) : api.DELETE("/api/v1/cards/{card_id}/follow", path));
    },
    onSuccess: (state) => qc.setQueryData(boardKeys.follow(cardId), state),
  });
}
