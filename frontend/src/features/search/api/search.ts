/** GET /api/v1/search: the cards of every board the user is a member of that match `q`,
 * most relevant first, a page at a time (`next_cursor`). The pages of one query are one
 * infinite query; a query typed over is given up (its request aborted through the signal
 * TanStack Query hands the query function) as soon as no one waits for it any more. */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { API_URL, transport, unwrap } from "../../../lib/api";
import { searchKeys } from "./keys";

// The endpoint's answer as the contract has it; replaced by the generated types
// (src/generated/api.ts) once the endpoint is in openapi.json.
export interface SearchHit {
  card_id: number;
  card_title: string;
  board_id: number;
  board_name: string;
  column_id: number;
  column_name: string;
  archived: boolean;
  updated_at: string;
  /** HTML-escaped text in which only <mark>…</mark> is markup. */
  snippet: string;
}
export interface SearchPage {
  hits: SearchHit[];
  next_cursor: string | null;
}

/** Hits per page: a screenful in the dialog. */
export const PER_PAGE = 20;

async function getPage(q: string, cursor: string | null, signal: AbortSignal): Promise<SearchPage> {
  const query = new URLSearchParams({ q, limit: String(PER_PAGE) });
  if (cursor) query.set("cursor", cursor);
  const call = transport(new Request(`${API_URL}/api/v1/search?${query.toString()}`, { signal })).then(async (response) => ({
    response,
    data: response.ok ? ((await response.json()) as SearchPage) : undefined,
    error: response.ok ? undefined : ((await response.json().catch(() => ({}))) as unknown),
  }));
  return unwrap(call);
}

export const searchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: searchKeys.results(q),
    queryFn: ({ pageParam, signal }) => getPage(q, pageParam, signal),
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

