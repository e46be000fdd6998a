import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { afterSettingsChange } from "./mutation";

/** Undo a member's removal (within ~30 s): the same role, back on their cards. */
export async function restoreMember(qc: QueryClient, boardId: number, userId: number) {
  const member = await unwrap(
    api.POST("/api/v1/boards/{board_id}/members/{user_id}/restore", {
      params: { path: { board_id: boardId, user_id: userId } },
    }),
  );
  await afterSettingsChange(qc, boardId);
  return member;
}
