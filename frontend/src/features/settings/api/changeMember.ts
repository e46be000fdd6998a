import { api, unwrap, type Schemas } from "../../../lib/api";
import { useSettingsMutation } from "./mutation";

export const useChangeMember = (boardId: number) =>
  useSettingsMutation(boardId, (v: { userId: number; role: Schemas["Role"] }) =>
    unwrap(
      api.PATCH("/api/v1/boards/{board_id}/members/{user_id}", {
        params: { path: { board_id: boardId, user_id: v.userId } },
        body: { role: v.role },
      }),
    ),
  );
