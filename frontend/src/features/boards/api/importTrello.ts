import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";

/** Upload a Trello export (multipart `file`, and `member_map`): 202, the job's id. */
export function useImportTrello() {
  return useMutation({
    mutationFn: ({ file, memberMap }: { file: File; memberMap: string }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      if (memberMap.trim()) form.append("member_map", memberMap);
      return unwrap(
        api.POST("/api/v1/imports/trello", {
          // The generated type names the fields; the body goes as the browser's multipart.
          body: form as unknown as { file: string },
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
  });
}
