/** "Log in with …" for each configured provider, and the end of the round trip for an SPA
 * on its own origin: `?oauth_code=` is exchanged for tokens (with the verifier this tab
 * kept, see pkce.ts), `?oauth_error=` is shown; either is then taken out of the address
 * bar so a reload or a bookmark does not replay it. */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { SPLIT_ORIGIN } from "../../../lib/api";
import { useOAuthExchange } from "../api/oauthExchange";
import { newPkce, pendingVerifier, type Pkce } from "../api/pkce";
import { startHref, useProviders } from "../api/providers";

const NOT_STARTED_HERE = "this log-in was not started in this tab; start it again here.";
const NEEDS_HTTPS = "this page needs a secure (https) address to log in with a provider.";

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
  // Split origin: the verifier a button click keeps, and the challenge in its address.
  const [pkce, setPkce] = useState<Pkce | null>(null);

  useEffect(() => {
    const { code, error } = takeFromUrl();
    if (error) setReturned(error);
    if (code && SPLIT_ORIGIN) {
      taken = code;
      const verifier = pendingVerifier.get();
      pendingVerifier.set(null);
      // No verifier: the code was not asked for by this tab (or a link brought it here).
      if (verifier) exchange.mutate({ code, verifier }, { onSuccess: () => navigate("/", { replace: true }) });
      else setReturned(NOT_STARTED_HERE);
    }
    // Once, on arrival.
  }, []);

  useEffect(() => {
    if (!SPLIT_ORIGIN) return;
    let live = true;
    newPkce().then(
      (made) => live && setPkce(made),
      () => live && setReturned(NEEDS_HTTPS), // no Web Crypto outside a secure context
    );
    return () => {
      live = false;
    };
  }, []);

  const message = returned ?? (exchange.error ? exchange.error.message : null);
  const list = !SPLIT_ORIGIN || pkce ? (providers.data ?? []) : [];
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
                href={startHref(provider, {
                  splitOrigin: SPLIT_ORIGIN,
                  root: ROOT,
                  returnTo: `${location.origin}${ROOT}login`,
                  challenge: pkce?.challenge,
                })}
                onClick={() => pkce && pendingVerifier.set(pkce.verifier)}
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
