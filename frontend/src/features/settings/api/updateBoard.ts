import { api, unwrap, type Schemas } from "../../../lib/api";
import { onBoard, useSettingsMutation } from "./mutation";

export const useUpdateBoard = (boardId: number) =>
  useSettingsMutation(boardId, (body: Schemas["BoardUpdate"]) =>
    unwrap(api.PATCH("/api/v1/boards/{board_id}", { ...onBoard(boardId), body })),
  );
