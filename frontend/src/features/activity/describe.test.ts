import { describe as suite, expect, it } from "vitest";
import { board as fixtureBoard } from "../../test/fixtures";
import { prepended, type ActivityEvent, type ActivityPage } from "./api/activity";
import { describe } from "./describe";

const event = (seq: number, type = "card.moved", data: Record<string, unknown> = {}): ActivityEvent => ({
  type,
  board_id: 1,
  seq,
  actor: { id: 2, display_name: "Ada" },
  data,
  at: "2026-01-01T10:00:00Z",
});
const page = (...items: ActivityEvent[]): ActivityPage => ({ items, total: items.length, limit: 15, offset: 0 });

suite("activity sentences", () => {
  it("tells a move with the card's title and the column it went to", () => {
    const board = fixtureBoard({ 1: [], 2: [] });
    const column = board.columns[1]!;
    const line = describe(event(3, "card.moved", { card: { id: 9, title: "Fix log-in", column_id: column.id } }), board);
    expect(`${line.actor} ${line.verb} ${line.what}${line.tail}`).toBe(`Ada moved “Fix log-in” to ${column.name}`);
    expect(line.href).toBe("/cards/9");
  });

  it("names a card deleted since as such, without a title or a link", () => {
    const line = describe(event(4, "card.created", { card: { id: 9, title: "", gone: true, column_id: 1 } }));
    expect(line.what).toBe("a deleted card");
    expect(line.href).toBeNull();
  });

  it("names columns, members and the unknown sensibly", () => {
    expect(describe(event(1, "column.created", { name: "Review" })).what).toBe("“Review”");
    const member = describe(event(2, "member.added", { display_name: "Bea", role: "editor" }));
    expect(`${member.verb} ${member.what}${member.tail}`).toBe("added Bea as editor");
    expect(describe({ ...event(3, "something.new"), actor: null })).toMatchObject({ actor: "Someone", verb: "changed" });
  });
});

suite("the live feed", () => {
  it("puts the next event on top once, and asks for a refetch after a gap", () => {
    const start = page(event(5), event(4));
    const next = prepended(start, event(6))!;
    expect(next.items.map((e) => e.seq)).toEqual([6, 5, 4]);
    expect(prepended(next, event(6))).toBe(next);
    expect(prepended(next, event(9))).toBeNull();
    expect(prepended(page(), event(9))!.items).toHaveLength(1);
  });
});
