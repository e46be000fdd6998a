import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { settingsKeys } from "./keys";
import type { NotificationSettings } from "./notificationSettings";

/** Saves every kind's choice at once; the answer is what the server now holds. */
export function useSaveNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettings) => unwrap(api.PUT("/api/v1/me/notification-settings", { body })),
    onSuccess: (saved) => qc.setQueryData(settingsKeys.notifications, saved),
  });
}
