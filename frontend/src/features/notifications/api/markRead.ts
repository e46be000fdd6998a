import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { markedRead } from "./cache";
import { notificationKeys } from "./keys";
import type { NotificationPage } from "./notifications";

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onSuccess: (note) => {
      const page = qc.getQueryData<NotificationPage>(notificationKeys.recent);
      if (page) qc.setQueryData(notificationKeys.recent, markedRead(page, [note.id], note.read_at ?? new Date().toISOString()).page);
    },
  });
}
