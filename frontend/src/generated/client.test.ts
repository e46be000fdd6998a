import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The backend's tests check that openapi.json matches the app; this one checks that the
// TypeScript was generated from that document, with the flags `npm run client` uses.
it("the generated client types match openapi.json (run `make client`)", () => {
  const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { client: string } }).scripts.client;
  const [command, ...args] = script.split(" ");
  let failure = "";
  try {
    execFileSync(`node_modules/.bin/${command}`, [...args, "--check"], { stdio: "pipe" });
  } catch (error) {
    failure = String((error as { stderr?: Buffer }).stderr ?? error);
  }
  expect(failure).toBe("");
}, 60_000);
