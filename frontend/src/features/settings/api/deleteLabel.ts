import { api, unwrap } from "../../../lib/api";
import { useSettingsMutation } from "./mutation";

export const useDeleteLabel = (boardId: number) =>
  useSettingsMutation(boardId, (labelId: number) =>
    unwrap(api.DELETE("/api/v1/labels/{label_id}", { params: { path: { label_id: labelId } } })),
  );
