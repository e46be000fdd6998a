import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { markedRead } from "./cache";
import { notificationKeys } from "./keys";
import type { NotificationPage } from "./notifications";

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => {
      const page = qc.getQueryData<NotificationPage>(notificationKeys.recent);
      if (page) qc.setQueryData(notificationKeys.recent, markedRead(page, "all", new Date().toISOString()).page);
    },
  });
}
