import { api, unwrap } from "../../../lib/api";
import { onBoard, useSettingsMutation } from "./mutation";

export const useDeleteBoard = (boardId: number) =>
  useSettingsMutation(boardId, () => unwrap(api.DELETE("/api/v1/boards/{board_id}", onBoard(boardId))));
