import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

const PENDING = new Set(["queued", "running"]);

/** An import, read again as its progress arrives over the socket (ImportBoard.tsx), and
 * every two seconds while it is queued or running, should the socket be down. */
export const importJobQuery = (importId: number) =>
  queryOptions({
    queryKey: boardsKeys.importJob(importId),
    queryFn: () => unwrap(api.GET("/api/v1/imports/{import_id}", { params: { path: { import_id: importId } } })),
    refetchInterval: (query) => (PENDING.has(query.state.data?.status ?? "queued") ? 2000 : false),
  });

export const useImportJob = (importId: number | null) =>
  useQuery({ ...importJobQuery(importId ?? 0), enabled: importId !== null });
