import { describe, expect, it } from "vitest";
import { initials } from "./avatars";
import cases from "./dates.cases.json";
import { due, localTime, today } from "./dates";

// The same table as the server's tests (backend/tests/web/test_dates.py).
describe("due dates", () => {
  it.each(cases.due)("$due in $zone at $now reads “$text”", (c) => {
    const day = today(new Date(c.now), c.zone);
    expect(due(c.due, day)).toEqual({ text: c.text, urgency: c.urgency, full: c.full, spoken: c.spoken });
  });
});

describe("times", () => {
  it.each(cases.times)("$at in $zone reads “$text”", (c) => {
    expect(localTime(c.at, c.zone, new Date(c.now))).toBe(c.text);
  });
});

describe("initials", () => {
  it.each(cases.initials)("“$name” → $text", (c) => {
    expect(initials(c.name)).toBe(c.text);
  });
});
