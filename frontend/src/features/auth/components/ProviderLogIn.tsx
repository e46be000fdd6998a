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
import { SecondStep } from "./SecondStep";

const NOT_STARTED_HERE = "this log-in was not started in this tab; start it again here.";
const NEEDS_HTTPS = "this page needs a secure (https) address to log in with a provider.";

const ROOT = import.meta.env.BASE_URL;
// A one-time code is spent once, even if React mounts this twice.
let taken: string | null = null;

/** What the provider's round trip brought back in the address. A pure read, so that it
 * can be state from the first render; the effect below then takes it out of the address. */
interface Arrival {
  code: string | null;
  error: string | null;
  /** The verifier this tab kept when it followed the button (split origin). */
  verifier: string | null;
}

function readArrival(): Arrival {
  const params = new URL(location.href).searchParams;
  const code = params.get("oauth_code");
  const fresh = SPLIT_ORIGIN && code !== null && code !== taken ? code : null;
  return { code: fresh, error: params.get("oauth_error"), verifier: fresh ? pendingVerifier.get() : null };
}

function cleanUrl(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has("oauth_code") && !url.searchParams.has("oauth_error")) return;
  url.searchParams.delete("oauth_code");
  url.searchParams.delete("oauth_error");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

export function ProviderLogIn({ verb }: { verb: "Log in" | "Sign up" }) {
  const providers = useProviders();
  const exchange = useOAuthExchange();
  const { mutate: exchangeCode } = exchange;
  const navigate = useNavigate();
  const [arrival] = useState(readArrival);
  const [insecure, setInsecure] = useState(false);
  // Split origin: the verifier a button click keeps, and the challenge in its address.
  const [pkce, setPkce] = useState<Pkce | null>(null);
  // An account with two-factor log-in: the exchange asked for the code.
  const [mfaToken, setMfaToken] = useState<string | null>(null);

  useEffect(() => {
    cleanUrl(); // a reload or a bookmark must not replay it
    const { code, verifier } = arrival;
    if (code === null || code === taken) return;
    taken = code;
    pendingVerifier.set(null);
    // No verifier: the code was not asked for by this tab (or a link brought it here).
    if (verifier) {
      exchangeCode(
        { code, verifier },
        {
          onSuccess: (result) => {
            if (result.mfaToken) setMfaToken(result.mfaToken);
            else void navigate("/", { replace: true });
          },
        },
      );
    }
  }, [arrival, exchangeCode, navigate]);

  useEffect(() => {
    if (!SPLIT_ORIGIN) return;
    let live = true;
    newPkce().then(
      (made) => live && setPkce(made),
      () => live && setInsecure(true), // no Web Crypto outside a secure context
    );
    return () => {
      live = false;
    };
  }, []);

  const returned = arrival.error ?? (arrival.code && !arrival.verifier ? NOT_STARTED_HERE : insecure ? NEEDS_HTTPS : null);
  const message = returned ?? (exchange.error ? exchange.error.message : null);
  const list = !SPLIT_ORIGIN || pkce ? (providers.data ?? []) : [];
  if (mfaToken) {
    return (
      <section aria-labelledby="provider-code-title">
        <h2 id="provider-code-title">Two-factor log-in</h2>
        <SecondStep
          mfaToken={mfaToken}
          onDone={() => void navigate("/", { replace: true })}
          onRestart={() => setMfaToken(null)}
        />
      </section>
    );
  }
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
