/** The filter kept in the page's address (`?q=&label=&assignee=&due=`) without a router: for
 * the islands on the server's board page. Typing replaces the history entry rather than
 * adding one per key; reload and a shared link show the same filtered board. */
import { useCallback, useState } from "react";
import { filterParams, parseFilter, type Filter } from "../model/filter";

export function useAddressFilter(): [Filter, (filter: Filter) => void] {
  const [filter, setFilter] = useState(() => parseFilter(new URLSearchParams(window.location.search)));
  const change = useCallback((next: Filter) => {
    setFilter(next);
    const query = filterParams(next, new URLSearchParams(window.location.search)).toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return [filter, change];
}
