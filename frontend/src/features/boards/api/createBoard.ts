import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

export function useCreateBoard() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; description: string; template?: string | null }) =>
      unwrap(api.POST("/api/v1/boards", { body: v })),
    onSettled: () => qc.invalidateQueries({ queryKey: boardsKeys.all }),
  });
}
