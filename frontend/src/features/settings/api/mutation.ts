import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sharedKeys } from "../../../lib/queryKeys";

/** A settings change: afterwards the settings, the board and the board list are refetched. */
export function useSettingsMutation<V, R>(boardId: number, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: sharedKeys.board(boardId) });
      void qc.invalidateQueries({ queryKey: sharedKeys.boardLists });
    },
  });
}

export const onBoard = (boardId: number) => ({ params: { path: { board_id: boardId } } });
