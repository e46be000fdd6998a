import { describe, expect, it } from "vitest";
import { HINT, hinted, shiftedMap } from "./compileHints";

describe("the compile hint", () => {
  it("is the first line, once", () => {
    const code = 'const __vite__mapDeps=(i)=>i;import"./a.js";';
    expect(hinted(code)).toBe(`//# allFunctionsCalledOnLoad\n${code}`);
    expect(hinted(hinted(code))).toBe(hinted(code));
    expect(hinted(code).split("\n")[0]).toBe(HINT);
  });

  it("moves a source map's mappings one line down with the code", () => {
    const map = JSON.stringify({ version: 3, sources: ["a.ts"], mappings: "AAAA,CAAC;AACD" });
    expect(JSON.parse(shiftedMap(map))).toEqual({ version: 3, sources: ["a.ts"], mappings: ";AAAA,CAAC;AACD" });
  });
});
