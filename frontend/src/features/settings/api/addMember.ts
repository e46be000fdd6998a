import { api, unwrap, type Schemas } from "../../../lib/api";
import { onBoard, useSettingsMutation } from "./mutation";

export const useAddMember = (boardId: number) =>
  useSettingsMutation(boardId, (body: { email: string; role: Schemas["Role"] }) =>
    unwrap(api.POST("/api/v1/boards/{board_id}/members", { ...onBoard(boardId), body })),
  );
