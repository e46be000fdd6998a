import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { activityKeys } from "./keys";

export type ActivityPage = Schemas["ActivityPage"];
export type ActivityEvent = ActivityPage["items"][number];

/** How many of the newest events the panel shows. */
export const SHOWN = 15;

export const activityQuery = (boardId: number) =>
  queryOptions({
    queryKey: activityKeys.recent(boardId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/boards/{board_id}/activity", { params: { path: { board_id: boardId }, query: { limit: SHOWN } } })),
    // Kept current by the socket; a refetch only after a gap.
    staleTime: Infinity,
  });

export const useActivity = (boardId: number) => useQuery(activityQuery(boardId));

/** A live event on top of the page; null when events were missed (refetch instead). */
export function prepended(page: ActivityPage, event: ActivityEvent): ActivityPage | null {
  const top = page.items[0]?.seq ?? 0;
  if (event.seq <= top) return page;
  if (page.items.length > 0 && event.seq > top + 1) return null;
  return { ...page, items: [event, ...page.items].slice(0, SHOWN), total: page.total + 1 };
}
