import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

// The backend side (frontend/openapi.json matches the app) is checked by the backend's
// tests; this one checks that the TypeScript was generated from that document.
it("the generated client types match openapi.json (run `make client`)", () => {
  const out = join(mkdtempSync(join(tmpdir(), "tb-client-")), "api.ts");
  execFileSync("node_modules/.bin/openapi-typescript", ["openapi.json", "-o", out], { stdio: "pipe" });
  expect(readFileSync(out, "utf8")).toBe(readFileSync("src/generated/api.ts", "utf8"));
}, 60_000);
