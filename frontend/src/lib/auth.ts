/**
 * How requests are authenticated. Two transports, both plain `fetch` functions handed to
 * the generated client, so no endpoint needs code of its own:
 *
 * - same origin: the browser session cookie rides along; unsafe requests echo the readable
 *   CSRF cookie in `X-CSRF-Token` (the backend also checks Origin).
 * - split origin: a bearer access token kept in memory only, refreshed with the rotating
 *   refresh token. The refresh token sits in sessionStorage: it survives a reload of this
 *   tab (so a reload does not log out) but not the closing of the tab, and no other tab or
 *   origin sees it. A cookie cannot carry it here — the API is on another site, where a
 *   third-party cookie would be blocked or need SameSite=None. The CSP (script-src 'self')
 *   is what keeps injected script from reading it, and rotation with reuse detection on
 *   the server revokes a stolen one's whole family the moment either copy is used.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/api";

export type Fetch = (request: Request) => Promise<Response>;

export const CSRF_COOKIE = "tb_csrf";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Same origin: cookie session + CSRF header on unsafe methods. */
export function cookieFetch(base: Fetch, cookies: () => string): Fetch {
  return (request) => {
    if (UNSAFE.has(request.method)) {
      const token = readCookie(cookies(), CSRF_COOKIE);
      if (token) request.headers.set("X-CSRF-Token", token);
    }
    return base(request);
  };
}

export interface TokenStorage {
  get(): string | null;
  set(value: string | null): void;
}

export function sessionStorageTokens(key = "teamboard.refresh"): TokenStorage {
  return {
    get: () => sessionStorage.getItem(key),
    set: (value) => (value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value)),
  };
}

export class AuthError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The first step of a log-in was right and the account has two-factor log-in: the code
 * comes next, with this token (single use, five minutes) at `POST /auth/mfa`. */
export class SecondFactorNeeded extends Error {
  constructor(readonly mfaToken: string) {
    super("Enter the code from your authenticator app.");
  }
}

/** The `mfa_token` of a problem answer that asks for the second factor, else null. */
export function mfaTokenOf(problem: unknown): string | null {
  if (!problem || typeof problem !== "object") return null;
  const { mfa_required: required, mfa_token: token } = problem as { mfa_required?: unknown; mfa_token?: unknown };
  return required === true && typeof token === "string" ? token : null;
}

/** What a problem says to a person: the first field's message, else its detail. */
function problemText(problem: unknown, fallback: string): string {
  if (!problem || typeof problem !== "object") return fallback;
  const { detail, errors } = problem as { detail?: unknown; errors?: { msg?: unknown }[] };
  const first = errors?.[0]?.msg;
  if (typeof first === "string") return first;
  return typeof detail === "string" ? detail : fallback;
}

/** Split origin: in-memory access token, single-flight refresh, one retry after a 401. */
export class BearerSession {
  private access: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly raw;

  constructor(
    apiUrl: string,
    private readonly storage: TokenStorage,
    private readonly base: Fetch,
  ) {
    // The auth endpoints themselves go through an unauthenticated client.
    this.raw = createClient<paths>({ baseUrl: apiUrl, fetch: base });
  }

  get hasSession(): boolean {
    return this.access !== null || this.storage.get() !== null;
  }

  async logIn(email: string, password: string): Promise<void> {
    const answer = await this.raw
      .POST("/api/v1/auth/token", {
        body: { username: email, password, grant_type: "password", scope: "" },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      })
      .catch(() => {
        throw new AuthError("The server cannot be reached; try again.", 0);
      });
    const { data, error, response } = answer;
    if (!data) {
      const mfaToken = mfaTokenOf(error);
      if (mfaToken) throw new SecondFactorNeeded(mfaToken);
      throw new AuthError("Wrong e-mail or password", response.status);
    }
    this.access = data.access_token;
    this.storage.set(data.refresh_token);
  }

  /** The second step of a log-in that asked for it: the token pair for a right code. */
  async completeMfa(mfaToken: string, code: string): Promise<void> {
    const body = { mfa_token: mfaToken, code };
    const answer = await this.raw.POST("/api/v1/auth/mfa", { body }).catch(() => {
      throw new AuthError("The server cannot be reached; try again.", 0);
    });
    const { data, error, response } = answer;
    if (!data || !("access_token" in data)) {
      throw new AuthError(problemText(error, "The code could not be checked; try again."), response.status);
    }
    this.access = data.access_token;
    this.storage.set(data.refresh_token);
  }

  /** A provider log-in came back with a one-time code: trade it for the token pair, with
   * the verifier whose challenge started the log-in (the code is bound to this tab). */
  async exchange(code: string, verifier: string): Promise<void> {
    const body = { code, code_verifier: verifier };
    const answer = await this.raw.POST("/api/v1/auth/oauth/exchange", { body }).catch(() => {
      throw new AuthError("The server cannot be reached; try again.", 0);
    });
    const { data, error, response } = answer;
    if (!data) {
      const mfaToken = mfaTokenOf(error);
      if (mfaToken) throw new SecondFactorNeeded(mfaToken);
      throw new AuthError("The log-in with the provider could not be completed; try again.", response.status);
    }
    this.access = data.access_token;
    this.storage.set(data.refresh_token);
  }

  /** Forgotten here at once (no request leaves with these tokens any more), then ended
   * on the server with them. */
  async logOut(): Promise<void> {
    // The server ends a session for its holder: after a reload, the access token first.
    if (this.access === null && this.storage.get() !== null) await this.refresh();
    const refresh = this.storage.get();
    const access = this.access;
    this.forget();
    if (access === null && refresh === null) return;
    await this.raw
      .POST("/api/v1/auth/logout", {
        body: { refresh_token: refresh },
        headers: access ? { Authorization: `Bearer ${access}` } : {},
      })
      .catch(() => undefined);
  }

  forget(): void {
    this.access = null;
    this.storage.set(null);
  }

  /** Concurrent 401s share one refresh: a rotated token can be used only once. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const token = this.storage.get();
    if (!token) return false;
    const { data } = await this.raw.POST("/api/v1/auth/refresh", { body: { refresh_token: token } });
    if (!data) {
      this.forget();
      return false;
    }
    this.access = data.access_token;
    this.storage.set(data.refresh_token);
    return true;
  }

  readonly fetch: Fetch = async (request) => {
    const spare = request.clone();
    if (this.access === null && this.storage.get() !== null) await this.refresh();
    const sent = this.access;
    const response = await this.base(this.authorised(request));
    if (response.status !== 401 || this.storage.get() === null) return response;
    // Another request may have refreshed while this one was in flight: no second refresh.
    const fresh = this.access !== null && this.access !== sent ? true : await this.refresh();
    return fresh ? this.base(this.authorised(spare)) : response;
  };

  private authorised(request: Request): Request {
    if (this.access) request.headers.set("Authorization", `Bearer ${this.access}`);
    return request;
  }
}
