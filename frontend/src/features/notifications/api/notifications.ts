import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

export type Notification = Schemas["NotificationRead"];
export type NotificationPage = Schemas["NotificationPage"];

/** How many of the newest the menu shows. */
export const RECENT = 10;
export const notificationsKey = ["notifications"] as const;

export const notificationsQuery = queryOptions({
  queryKey: notificationsKey,
  queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: RECENT } } })),
  staleTime: 60_000,
});

export const useNotifications = (enabled: boolean) => useQuery({ ...notificationsQuery, enabled });
