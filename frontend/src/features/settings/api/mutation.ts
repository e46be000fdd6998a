import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { liveOffered } from "../../../lib/live";
import { sharedKeys } from "../../../lib/queryKeys";
import { settingsKeys } from "./keys";

/** A settings change: afterwards the settings and the board list are read again. The board
 * itself learns of it from its events — replayed from its seq when it is shown again — so
 * it is read again only where the server offers no live updates. */
export function useSettingsMutation<V, R>(boardId: number, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => void afterSettingsChange(qc, boardId) });
}

/** What a settings change reads again (also after an undo, which is no mutation hook:
 * its toast may outlive the page). */
export function afterSettingsChange(qc: QueryClient, boardId: number) {
  const stale = liveOffered() ? settingsKeys.detail(boardId) : sharedKeys.board(boardId);
  return Promise.all([
    qc.invalidateQueries({ queryKey: stale }),
    qc.invalidateQueries({ queryKey: sharedKeys.boardLists }),
  ]);
}

export const onBoard = (boardId: number) => ({ params: { path: { board_id: boardId } } });
