import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { afterSettingsChange } from "./mutation";

/** Undo a label's deletion (within ~30 s): back on every card it was on. */
export async function restoreLabel(qc: QueryClient, boardId: number, labelId: number) {
  const label = await unwrap(api.POST("/api/v1/labels/{label_id}/restore", { params: { path: { label_id: labelId } } }));
  await afterSettingsChange(qc, boardId);
  return label;
}
