import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogue } from "../../../lib/messages";
import { overLimit } from "./limits";
import { parseWipLimit } from "./wip";

const NOT_A_NUMBER = "Enter the WIP limit as a whole number, using the digits 0 to 9.";
const TOO_SMALL = "The WIP limit must be at least 1.";
const TOO_BIG = "The WIP limit can be at most 10,000.";

describe("a WIP limit as typed", () => {
  beforeAll(() => loadCatalogue());

  it("reads whole numbers from 1 to 10000, and blank as no limit", () => {
    expect(parseWipLimit("5")).toEqual({ ok: true, limit: 5 });
    expect(parseWipLimit(" 12 ")).toEqual({ ok: true, limit: 12 });
    expect(parseWipLimit("10000")).toEqual({ ok: true, limit: 10000 });
    expect(parseWipLimit("")).toEqual({ ok: true, limit: null });
    expect(parseWipLimit("   ")).toEqual({ ok: true, limit: null });
  });

  it.each([
    ["0", TOO_SMALL],
    ["-1", TOO_SMALL],
    ["10001", TOO_BIG],
    ["1" + "0".repeat(30), TOO_BIG],
    ["１", NOT_A_NUMBER],
    ["٣", NOT_A_NUMBER],
    ["1.5", NOT_A_NUMBER],
    ["1e3", NOT_A_NUMBER],
    ["+3", NOT_A_NUMBER],
    ["many", NOT_A_NUMBER],
    ["0x10", NOT_A_NUMBER],
  ])("refuses %j in the server's words", (raw, words) => {
    expect(parseWipLimit(raw)).toEqual({ ok: false, message: words });
  });

  it("marks a column over its limit only", () => {
    expect(overLimit(4, 3)).toBe(true);
    expect(overLimit(3, 3)).toBe(false);
    expect(overLimit(9, null)).toBe(false);
    expect(overLimit(9, undefined)).toBe(false);
  });
});
