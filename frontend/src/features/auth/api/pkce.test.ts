import { describe, expect, it } from "vitest";
import { challengeOf, newPkce, newVerifier } from "./pkce";
import { startHref, type Provider } from "./providers";

const provider: Provider = { key: "oidc", name: "Acme ID", start_url: "http://api.test/auth/oauth/oidc/start" };

describe("binding a provider log-in to this tab", () => {
  it("computes S256 as RFC 7636 does (its appendix B example)", async () => {
    const challenge = await challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    expect(challenge).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes a fresh verifier of 43 unreserved characters each time", async () => {
    const made = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const verifier = newVerifier();
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      made.add(verifier);
    }
    expect(made.size).toBe(20);
    const { verifier, challenge } = await newPkce();
    expect(challenge).toBe(await challengeOf(verifier));
  });

  it("puts the challenge, never the verifier, in a split-origin start address", async () => {
    const { verifier, challenge } = await newPkce();
    const returnTo = "http://spa.test/login";
    const href = new URL(startHref(provider, { splitOrigin: true, root: "/", returnTo, challenge }));
    expect(Object.fromEntries(href.searchParams)).toEqual({ return_to: returnTo, code_challenge: challenge });
    expect(href.toString()).not.toContain(verifier);
    // Same origin: the session cookie is set by the callback itself, no hand-off.
    const same = new URL(startHref(provider, { splitOrigin: false, root: "/app/", returnTo, challenge }));
    expect(Object.fromEntries(same.searchParams)).toEqual({ next: "/app/" });
  });
});
