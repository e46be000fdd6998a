import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

/** The built-in templates, then the template boards one is a member of. */
export const templatesQuery = () =>
  queryOptions({
    queryKey: boardsKeys.templates,
    queryFn: () => unwrap(api.GET("/api/v1/templates")),
  });

export const useTemplates = () => useQuery(templatesQuery());
