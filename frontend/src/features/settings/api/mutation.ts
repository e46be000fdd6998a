import { useMutation, useQueryClient } from "@tanstack/react-query";
import { liveOffered } from "../../../lib/live";
import { sharedKeys } from "../../../lib/queryKeys";
import { settingsKeys } from "./keys";

/** A settings change: afterwards the settings and the board list are read again. The board
 * itself learns of it from its events — replayed from its seq when it is shown again — so
 * it is read again only where the server offers no live updates. */
export function useSettingsMutation<V, R>(boardId: number, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      const stale = liveOffered() ? settingsKeys.detail(boardId) : sharedKeys.board(boardId);
      void qc.invalidateQueries({ queryKey: stale });
      void qc.invalidateQueries({ queryKey: sharedKeys.boardLists });
    },
  });
}

export const onBoard = (boardId: number) => ({ params: { path: { board_id: boardId } } });
