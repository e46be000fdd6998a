/** "Log in with …" for each configured provider, and the end of the round trip for an SPA
 * on its own origin: `?oauth_code=` is exchanged for tokens, `?oauth_error=` is shown;
 * either is then taken out of the address bar so a reload or a bookmark does not replay it. */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { SPLIT_ORIGIN } from "../../../lib/api";
import { useOAuthExchange } from "../api/oauthExchange";
import { startHref, useProviders } from "../api/providers";

const ROOT = import.meta.env.BASE_URL;
// A one-time code is spent once, even if React mounts this twice.
let taken: string | null = null;

function takeFromUrl(): { code: string | null; error: string | null } {
  const url = new URL(location.href);
  const code = url.searchParams.get("oauth_code");
  const error = url.searchParams.get("oauth_error");
  if (code === null && error === null) return { code, error };
  url.searchParams.delete("oauth_code");
  url.searchParams.delete("oauth_error");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  return { code: code === taken ? null : code, error };
}

export function ProviderLogIn({ verb }: { verb: "Log in" | "Sign up" }) {
  const providers = useProviders();
  const exchange = useOAuthExchange();
  const navigate = useNavigate();
  const [returned, setReturned] = useState<string | null>(null);

  useEffect(() => {
    const { code, error } = takeFromUrl();
    if (error) setReturned(error);
    if (code && SPLIT_ORIGIN) {
      taken = code;
      exchange.mutate(code, { onSuccess: () => navigate("/", { replace: true }) });
    }
    // Once, on arrival.
  }, []);

  const message = returned ?? (exchange.error ? exchange.error.message : null);
  const list = providers.data ?? [];
  return (
    <>
      {message && <div className="form-error" role="alert">Log-in with the provider failed: {message}</div>}
      {exchange.isPending && <p className="muted" role="status">Logging you in…</p>}
      {list.length > 0 && (
        <section className="oauth-providers" aria-labelledby="oauth-title">
          <h2 id="oauth-title" className="visually-hidden">Other ways to {verb.toLowerCase()}</h2>
          <ul className="oauth-list">
          {list.map((provider) => (
            <li key={provider.key}>
              <a
                className="button secondary"
                href={startHref(provider, { splitOrigin: SPLIT_ORIGIN, root: ROOT, returnTo: `${location.origin}${ROOT}login` })}
              >
                {verb} with {provider.name}
              </a>
            </li>
          ))}
          </ul>
        </section>
      )}
    </>
  );
}
