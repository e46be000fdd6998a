import { api, unwrap } from "../../../lib/api";
import { useSettingsMutation } from "./mutation";

/** Rename or recolour a label. */
export const useUpdateLabel = (boardId: number) =>
  useSettingsMutation(boardId, (v: { labelId: number; name: string; color: string }) =>
    unwrap(
      api.PATCH("/api/v1/labels/{label_id}", {
        params: { path: { label_id: v.labelId } },
        body: { name: v.name, color: v.color },
      }),
    ),
  );
