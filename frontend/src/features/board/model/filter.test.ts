import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { card } from "../../../test/fixtures";
import { addDays, cardFilter, filterParams, isFiltering, matches, NO_FILTER, parseFilter } from "./filter";

interface Cases {
  today: string;
  cards: { id: number; title: string; description: string; label_ids: number[]; assignee_ids: number[]; due_date: string | null }[];
  cases: { query: string; expect: number[] }[];
}

// The same file drives the server's tests: both sides keep the same cards.
const shared = JSON.parse(readFileSync(new URL("./filter.cases.json", import.meta.url), "utf8")) as Cases;

describe("the board filter", () => {
  const cards = shared.cards.map((c) => card(c.id, 1, 0, c));
  it.each(shared.cases)("keeps the server's cards for ?$query", ({ query, expect: expected }) => {
    const filter = parseFilter(new URLSearchParams(query));
    expect(cards.filter((c) => matches(c, filter, shared.today)).map((c) => c.id)).toEqual(expected);
  });

  it("ignores what the address cannot mean", () => {
    expect(parseFilter(new URLSearchParams("label=abc&assignee=-3&due=soon&q=%20"))).toEqual(NO_FILTER);
    expect(parseFilter(new URLSearchParams("label=0"))).toEqual(NO_FILTER);
    expect(parseFilter(new URLSearchParams(`q=${"x".repeat(300)}`)).q).toHaveLength(200);
  });

  it("writes only what is set, keeping other parameters", () => {
    const params = filterParams({ q: " bug ", label: 7, assignee: null, due: "week" }, new URLSearchParams("x=1&assignee=3"));
    expect(params.toString()).toBe("x=1&q=bug&label=7&due=week");
    expect(parseFilter(params)).toEqual({ q: "bug", label: 7, assignee: null, due: "week" });
    expect(filterParams(NO_FILTER).toString()).toBe("");
  });

  it("counts days in the calendar, across months and years", () => {
    expect(addDays("2026-01-15", 6)).toBe("2026-01-21");
    expect(addDays("2026-12-29", 6)).toBe("2027-01-04");
    expect(addDays("2028-02-26", 3)).toBe("2028-02-29");
  });

  it("keeps every card when nothing is set", () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ ...NO_FILTER, q: "  " })).toBe(false);
    expect(cards.every(cardFilter(NO_FILTER))).toBe(true);
    expect(cards.filter(cardFilter({ ...NO_FILTER, due: "overdue" }, shared.today)).map((c) => c.id)).toEqual([1]);
  });
});
