import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

const PENDING = new Set(["queued", "running"]);

/** An import, read again every second while it is queued or running. */
export const importJobQuery = (importId: number) =>
  queryOptions({
    queryKey: boardsKeys.importJob(importId),
    queryFn: () => unwrap(api.GET("/api/v1/imports/{import_id}", { params: { path: { import_id: importId } } })),
    refetchInterval: (query) => (PENDING.has(query.state.data?.status ?? "queued") ? 1000 : false),
  });

export const useImportJob = (importId: number | null) =>
  useQuery({ ...importJobQuery(importId ?? 0), enabled: importId !== null });
