import { api, unwrap } from "../../../lib/api";
import { useSettingsMutation } from "./mutation";

export const useRemoveMember = (boardId: number) =>
  useSettingsMutation(boardId, (userId: number) =>
    unwrap(
      api.DELETE("/api/v1/boards/{board_id}/members/{user_id}", {
        params: { path: { board_id: boardId, user_id: userId } },
      }),
    ),
  );
