/** GET /api/v1/search: the cards of every board the user is a member of that match `q`,
 * most relevant first, a page at a time (`next_cursor`). The pages of one query are one
 * infinite query; a query typed over is given up (its request aborted through the signal
 * TanStack Query hands the query function) as soon as no one waits for it any more. */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { searchKeys } from "./keys";

export type SearchHit = Schemas["SearchHit"];
export type SearchPage = Schemas["SearchPage"];

/** Hits per page: a screenful in the dialog. */
export const PER_PAGE = 20;

export const searchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: searchKeys.results(q),
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET("/api/v1/search", { params: { query: { q, limit: PER_PAGE, cursor: pageParam ?? undefined } }, signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // What matched a minute ago still does, near enough; typing back to it costs nothing.
    staleTime: 60_000,
  });

/** The hits for `q` (nothing is asked for a blank one); while the next query's first page
 * comes, the previous query's hits stay (marked as such) rather than the list going blank
 * at every key. */
export const useSearch = (q: string) =>
  useInfiniteQuery({ ...searchQuery(q), enabled: q !== "", placeholderData: keepPreviousData });

