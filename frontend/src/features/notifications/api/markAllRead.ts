import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { markedRead } from "./cache";
import { notificationsKey, type NotificationPage } from "./notifications";

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => {
      const page = qc.getQueryData<NotificationPage>(notificationsKey);
      if (page) qc.setQueryData(notificationsKey, markedRead(page, "all", new Date().toISOString()).page);
    },
  });
}
