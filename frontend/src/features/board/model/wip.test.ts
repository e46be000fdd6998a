import { describe, expect, it } from "vitest";
import { overLimit, parseWipLimit, WIP_MESSAGE } from "./wip";

describe("a WIP limit as typed", () => {
  it("reads whole numbers from 1 to 10000, and blank as no limit", () => {
    expect(parseWipLimit("5")).toEqual({ ok: true, limit: 5 });
    expect(parseWipLimit(" 12 ")).toEqual({ ok: true, limit: 12 });
    expect(parseWipLimit("10000")).toEqual({ ok: true, limit: 10000 });
    expect(parseWipLimit("")).toEqual({ ok: true, limit: null });
    expect(parseWipLimit("   ")).toEqual({ ok: true, limit: null });
  });

  it.each(["0", "-1", "10001", "1" + "0".repeat(30), "１", "٣", "1.5", "1e3", "+3", "many", "0x10"])(
    "refuses %j with a message for people",
    (raw) => {
      expect(parseWipLimit(raw)).toEqual({ ok: false, message: WIP_MESSAGE });
    },
  );

  it("marks a column over its limit only", () => {
    expect(overLimit(4, 3)).toBe(true);
    expect(overLimit(3, 3)).toBe(false);
    expect(overLimit(9, null)).toBe(false);
    expect(overLimit(9, undefined)).toBe(false);
  });
});
