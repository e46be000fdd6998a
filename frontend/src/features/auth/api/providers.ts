import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { authKeys } from "./keys";

export type Provider = Schemas["ProviderRead"];

/** The configured log-in providers (none: no buttons). */
export const providersQuery = queryOptions({
  queryKey: authKeys.providers,
  queryFn: () => unwrap(api.GET("/api/v1/auth/providers")),
  staleTime: Infinity,
});

export const useProviders = () => useQuery(providersQuery);

/** Where a provider's button goes. Same origin: the server's start URL comes back to the
 * SPA's root with the session cookie set. Split origin: the server hands a one-time code
 * back to `returnTo`, an address of this SPA, to be traded with the verifier of
 * `challenge` (see pkce.ts). */
export function startHref(
  provider: Provider,
  opts: { splitOrigin: boolean; root: string; returnTo: string; challenge?: string },
): string {
  // Outside a browser (the tests) there is no page to resolve a relative URL against.
  const url = new URL(provider.start_url, typeof location === "undefined" ? undefined : location.origin);
  if (opts.splitOrigin) {
    url.searchParams.set("return_to", opts.returnTo);
    if (opts.challenge) url.searchParams.set("code_challenge", opts.challenge);
  } else url.searchParams.set("next", opts.root);
  return url.toString();
}
