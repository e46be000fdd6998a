import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { sharedKeys } from "../../../lib/queryKeys";
import { onBoard } from "./mutation";

/** A new board copied from this one (the caller its only member): the board lists gain it. */
export function useCopyBoard(boardId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["BoardCopy"]) =>
      unwrap(api.POST("/api/v1/boards/{board_id}/copy", { ...onBoard(boardId), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: sharedKeys.boardLists }),
  });
}
