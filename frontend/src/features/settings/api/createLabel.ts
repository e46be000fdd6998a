import { api, unwrap } from "../../../lib/api";
import { onBoard, useSettingsMutation } from "./mutation";

export const useCreateLabel = (boardId: number) =>
  useSettingsMutation(boardId, (body: { name: string; color: string }) =>
    unwrap(api.POST("/api/v1/boards/{board_id}/labels", { ...onBoard(boardId), body })),
  );
