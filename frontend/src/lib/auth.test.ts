import { describe, expect, it } from "vitest";
import { BearerSession, cookieFetch, readCookie, SecondFactorNeeded, type TokenStorage } from "./auth";

function memoryStorage(initial: string | null = null): TokenStorage & { value: string | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (v: string | null) => {
      store.value = v;
    },
  };
  return store;
}

/** A stand-in API server: issues and rotates tokens, answers 401 to stale access tokens. */
function fakeApi() {
  let generation = 0;
  const seen: string[] = [];
  const valid = () => `access-${generation}`;
  const server = {
    refreshes: 0,
    seen,
    expire: () => {
      generation += 1;
    },
    fetch: async (request: Request): Promise<Response> => {
      const path = new URL(request.url).pathname;
      seen.push(`${request.method} ${path}`);
      if (path === "/api/v1/auth/token") {
        const form = new URLSearchParams(await request.text());
        if (form.get("password") === "right, two-factor")
          return Response.json(
            { status: 401, code: "mfa_required", detail: "Enter the code", mfa_required: true, mfa_token: "step-two" },
            { status: 401 },
          );
        if (form.get("password") !== "right") return Response.json({ detail: "no" }, { status: 401 });
        return Response.json({ access_token: valid(), refresh_token: `refresh-${generation}`, token_type: "bearer", expires_in: 900 });
      }
      if (path === "/api/v1/auth/oauth/exchange") {
        const body = (await request.json()) as { code: string; code_verifier?: string };
        if (body.code !== "good-code") return Response.json({ detail: "spent" }, { status: 400 });
        if (body.code_verifier !== "this-tab's-verifier") return Response.json({ detail: "not yours" }, { status: 400 });
        return Response.json({ access_token: valid(), refresh_token: `refresh-${generation}`, token_type: "bearer", expires_in: 900 });
      }
      if (path === "/api/v1/auth/mfa") {
        const body = (await request.json()) as { mfa_token: string; code: string };
        if (body.mfa_token !== "step-two") return Response.json({ detail: "log in again" }, { status: 401 });
        if (body.code !== "123456")
          return Response.json({ detail: "Invalid input", errors: [{ loc: ["body", "code"], msg: "Is not correct" }] }, { status: 422 });
        return Response.json({ access_token: valid(), refresh_token: `refresh-${generation}`, token_type: "bearer", expires_in: 900 });
      }
      if (path === "/api/v1/auth/refresh") {
        server.refreshes += 1;
        const body = (await request.json()) as { refresh_token: string };
        if (body.refresh_token !== `refresh-${generation - 1}` && body.refresh_token !== `refresh-${generation}`)
          return Response.json({ detail: "spent" }, { status: 401 });
        return Response.json({ access_token: valid(), refresh_token: `refresh-${generation}-r`, token_type: "bearer", expires_in: 900 });
      }
      if (request.headers.get("authorization") !== `Bearer ${valid()}`) return new Response(null, { status: 401 });
      const body = request.method === "POST" ? await request.text() : "";
      return Response.json({ ok: true, body });
    },
  };
  return server;
}

const url = (path: string) => `http://api.test${path}`;

describe("BearerSession", () => {
  it("logs in with the password grant and sends the access token", async () => {
    const server = fakeApi();
    const storage = memoryStorage();
    const session = new BearerSession("http://api.test", storage, server.fetch);
    await session.logIn("a@example.com", "right");
    expect(storage.value).toBe("refresh-0");
    const response = await session.fetch(new Request(url("/api/v1/me")));
    expect(response.status).toBe(200);
  });

  it("trades a provider's one-time code and this tab's verifier for the token pair", async () => {
    const server = fakeApi();
    const storage = memoryStorage();
    const session = new BearerSession("http://api.test", storage, server.fetch);
    await expect(session.exchange("spent-code", "this-tab's-verifier")).rejects.toThrow("could not be completed");
    await expect(session.exchange("good-code", "another-verifier")).rejects.toThrow("could not be completed");
    expect(storage.value).toBeNull();
    await session.exchange("good-code", "this-tab's-verifier");
    expect(storage.value).toBe("refresh-0");
    expect((await session.fetch(new Request(url("/api/v1/me")))).status).toBe(200);
  });

  it("asks for the second factor, then stores the pair its code brings", async () => {
    const server = fakeApi();
    const storage = memoryStorage();
    const session = new BearerSession("http://api.test", storage, server.fetch);
    const asked = await session.logIn("a@example.com", "right, two-factor").catch((error: unknown) => error);
    expect(asked).toBeInstanceOf(SecondFactorNeeded);
    expect((asked as SecondFactorNeeded).mfaToken).toBe("step-two");
    expect(storage.value).toBeNull();
    await expect(session.completeMfa("step-two", "000000")).rejects.toThrow("Is not correct");
    await expect(session.completeMfa("made-up", "123456")).rejects.toThrow("log in again");
    expect(storage.value).toBeNull();
    await session.completeMfa("step-two", "123456");
    expect(storage.value).toBe("refresh-0");
    expect((await session.fetch(new Request(url("/api/v1/me")))).status).toBe(200);
  });

  it("refuses a wrong password without storing anything", async () => {
    const storage = memoryStorage();
    const session = new BearerSession("http://api.test", storage, fakeApi().fetch);
    await expect(session.logIn("a@example.com", "wrong")).rejects.toThrow("Wrong e-mail or password");
    expect(storage.value).toBeNull();
  });

  it("refreshes once on 401 and replays the request with its body", async () => {
    const server = fakeApi();
    const storage = memoryStorage();
    const session = new BearerSession("http://api.test", storage, server.fetch);
    await session.logIn("a@example.com", "right");
    server.expire();
    const response = await session.fetch(
      new Request(url("/api/v1/boards"), { method: "POST", body: '{"name":"x"}' }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body: string }).body).toBe('{"name":"x"}');
    expect(server.refreshes).toBe(1);
    expect(storage.value).toBe("refresh-1-r"); // rotated
  });

  it("shares one refresh between concurrent requests (a refresh token is single-use)", async () => {
    const server = fakeApi();
    const session = new BearerSession("http://api.test", memoryStorage(), server.fetch);
    await session.logIn("a@example.com", "right");
    server.expire();
    const responses = await Promise.all(
      [1, 2, 3].map(() => session.fetch(new Request(url("/api/v1/me")))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.refreshes).toBe(1);
  });

  it("after a reload (no access token in memory) refreshes before the first request", async () => {
    const server = fakeApi();
    server.expire();
    const session = new BearerSession("http://api.test", memoryStorage("refresh-0"), server.fetch);
    expect(session.hasSession).toBe(true);
    const response = await session.fetch(new Request(url("/api/v1/me")));
    expect(response.status).toBe(200);
    expect(server.seen).toEqual(["POST /api/v1/auth/refresh", "GET /api/v1/me"]);
  });

  it("forgets a refused refresh token and hands back the 401", async () => {
    const server = fakeApi();
    const storage = memoryStorage("refresh-stolen");
    const session = new BearerSession("http://api.test", storage, server.fetch);
    const response = await session.fetch(new Request(url("/api/v1/me")));
    expect(response.status).toBe(401);
    expect(storage.value).toBeNull();
    expect(session.hasSession).toBe(false);
  });
});

describe("cookie transport", () => {
  it("echoes the CSRF cookie on unsafe methods only", async () => {
    const sent: Request[] = [];
    const f = cookieFetch((r) => {
      sent.push(r);
      return Promise.resolve(new Response(null, { status: 204 }));
    }, () => "a=1; tb_csrf=tok%2Fen; b=2");
    await f(new Request(url("/x"), { method: "POST" }));
    await f(new Request(url("/x")));
    expect(sent[0]!.headers.get("x-csrf-token")).toBe("tok/en");
    expect(sent[1]!.headers.get("x-csrf-token")).toBeNull();
  });

  it("reads cookies exactly by name", () => {
    expect(readCookie("xtb_csrf=no; tb_csrf=yes", "tb_csrf")).toBe("yes");
    expect(readCookie("", "tb_csrf")).toBeNull();
  });
});
