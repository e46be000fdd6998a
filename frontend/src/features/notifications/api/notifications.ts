import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { notificationKeys } from "./keys";

export type Notification = Schemas["NotificationRead"];
export type NotificationPage = Schemas["NotificationPage"];

/** How many of the newest the menu shows. */
export const RECENT = 10;

export const notificationsQuery = queryOptions({
  queryKey: notificationKeys.recent,
  queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: RECENT } } })),
  staleTime: 60_000,
});

export const useNotifications = (enabled: boolean) => useQuery({ ...notificationsQuery, enabled });
