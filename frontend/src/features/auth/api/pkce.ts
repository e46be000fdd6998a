/** Binding a provider log-in to this tab (split origin only). PKCE's method (RFC 7636,
 * S256) applied to the hand-off: the tab makes a random verifier, keeps it in its
 * sessionStorage and sends its challenge to the start URL; the one-time code that comes
 * back is traded with the verifier. A code that reaches another browser (a link someone
 * sends to log their victim into the sender's account) is worthless there: that browser
 * has no verifier, or another one. */
import { sessionStorageTokens, type TokenStorage } from "../../../lib/auth";

export interface Pkce {
  verifier: string;
  challenge: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 32 random bytes: 43 characters, the shortest verifier RFC 7636 allows. */
export function newVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** S256: base64url of the verifier's SHA-256, unpadded (43 characters). Needs a secure
 * context (https, or localhost), as Web Crypto does. */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export async function newPkce(): Promise<Pkce> {
  const verifier = newVerifier();
  return { verifier, challenge: await challengeOf(verifier) };
}

/** The verifier of the log-in this tab has in flight: set when the button is followed,
 * taken (and removed) when the code comes back. */
export const pendingVerifier: TokenStorage = sessionStorageTokens("teamboard.oauth-verifier");
