import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { settingsKeys } from "./keys";

export type NotificationSettings = Schemas["NotificationSettings"];
export type Delivery = Schemas["Delivery"];

/** How each kind of notification reaches the user by e-mail. */
export const notificationSettingsQuery = () =>
  queryOptions({
    queryKey: settingsKeys.notifications,
    queryFn: () => unwrap(api.GET("/api/v1/me/notification-settings")),
  });

export const useNotificationSettings = () => useQuery(notificationSettingsQuery());
