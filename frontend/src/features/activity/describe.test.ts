import { describe as suite, expect, it } from "vitest";
import { board as fixtureBoard, card, event as boardEvent, type DataOf } from "../../test/fixtures";
import type { BoardEvent } from "../../lib/protocol";
import { prepended, type ActivityEvent, type ActivityPage } from "./api/activity";
import { describe } from "./describe";

const ada = { id: 2, display_name: "Ada" };
const moved: DataOf<"card.moved"> = { card: card(9, 1, 0), from_column_id: 1 };
function event<T extends BoardEvent["type"]>(seq: number, type?: T, data?: DataOf<T>): ActivityEvent {
  if (type === undefined || data === undefined) return boardEvent("card.moved", seq, moved, { actor: ada });
  return boardEvent(type, seq, data, { actor: ada });
}
const page = (...items: ActivityEvent[]): ActivityPage => ({ items, total: items.length, limit: 15, offset: 0 });

suite("activity sentences", () => {
  it("tells a move with the card's title and the column it went to", () => {
    const board = fixtureBoard({ 1: [], 2: [] });
    const column = board.columns[1]!;
    const line = describe(event(3, "card.moved", { card: card(9, column.id, 0, { title: "Fix log-in" }), from_column_id: 1 }), board);
    expect(`${line.actor} ${line.verb} ${line.what}${line.tail}`).toBe(`Ada moved “Fix log-in” to ${column.name}`);
    expect(line.href).toBe("/cards/9");
  });

  it("names a card deleted since as such, without a title or a link", () => {
    const line = describe(event(4, "card.created", { card: { ...card(9, 1, 0, { title: "" }), gone: true } }));
    expect(line.what).toBe("a card that was deleted");
    expect(line.href).toBeNull();
    const comment = describe(event(5, "comment.deleted", { id: 3, card_id: 9, card_gone: true }));
    expect(`${comment.verb} ${comment.what}`).toBe("deleted a comment on a card that was deleted");
  });

  it("names the card a deletion or a comment is about", () => {
    const live = describe(event(4, "card.deleted", { id: 9, column_id: 1, title: "Fix login" }));
    expect(`${live.verb} ${live.what}`).toBe("deleted the card “Fix login”");
    const read = describe(event(4, "card.deleted", { id: 9, column_id: 1, title: "", gone: true }));
    expect(`${read.verb} ${read.what}`).toBe("deleted a card");
    const comment = { id: 3, card_id: 9, author_id: 2, author_name: "Ada", body: "Hi", created_at: "2026-12-05T10:00:00Z", edited_at: null };
    const fromLog = describe(event(5, "comment.created", { comment, card_title: "Roadmap" }));
    expect(`${fromLog.verb} ${fromLog.what}`).toBe("commented on “Roadmap”");
    expect(fromLog.href).toBe("/cards/9");
    // Live, the event carries no title: the board has the card.
    const board = fixtureBoard({ 1: [9] });
    const fromBoard = describe(event(5, "comment.created", { comment }), board);
    expect(fromBoard.what).toBe("“Card 9”");
  });

  it("tells checklist changes on the card, with the item or checklist named", () => {
    const item = { id: 5, checklist_id: 2, card_id: 9, text: "Write tests", done: true, position: 0, assignee_id: null, due_at: null, created_at: "2026-12-05T10:00:00Z" };
    const progress = { done: 1, total: 2 };
    const say = (line: ReturnType<typeof describe>) => `${line.verb} ${line.what}${line.tail}`;
    const ticked = describe(event(6, "checklist_item.updated", { item, card_id: 9, progress, changed: ["done"], card_title: "Launch" }));
    expect(say(ticked)).toBe("completed an item on “Launch”: “Write tests”");
    expect(ticked.href).toBe("/cards/9");
    const reopened = { item: { ...item, done: false }, card_id: 9, progress, changed: ["done"], card_title: "Launch" };
    expect(say(describe(event(7, "checklist_item.updated", reopened)))).toBe("reopened an item on “Launch”: “Write tests”");
    const reworded = { item, card_id: 9, progress, changed: ["text"], card_title: "Launch" };
    expect(say(describe(event(8, "checklist_item.updated", reworded)))).toBe("edited an item on “Launch”: “Write tests”");
    const converted = { id: 5, checklist_id: 2, card_id: 9, progress, converted_to: 12, card_title: "Launch" };
    expect(say(describe(event(9, "checklist_item.deleted", converted)))).toBe("turned an item into a card on “Launch”");
    const checklist = { id: 2, card_id: 9, title: "Release", position: 0, created_at: "2026-12-05T10:00:00Z" };
    const added = describe(event(10, "checklist.created", { checklist, card_id: 9, progress, card_title: "Launch" }));
    expect(say(added)).toBe("added a checklist to “Launch”: “Release”");
  });

  it("tells a board made as a copy or from a built-in template", () => {
    const copied = describe(event(1, "board.copied", { id: 1, name: "Sprint 12" }));
    expect(`${copied.verb} ${copied.what}${copied.tail}`).toBe("created the board “Sprint 12” as a copy");
    const started = describe(event(1, "board.copied", { id: 1, name: "Flow", template: "Kanban" }));
    expect(`${started.verb} ${started.what}${started.tail}`).toBe("created the board “Flow” from the template Kanban");
  });

  it("tells files and covers with the card they are on", () => {
    const added = describe(event(6, "attachment.deleted", { id: 4, card_id: 9, card_title: "Roadmap" }));
    expect(`${added.verb} ${added.what}`).toBe("removed a file from “Roadmap”");
    expect(added.href).toBe("/cards/9");
    const board = fixtureBoard({ 1: [9] });
    const cover = describe(event(7, "card.cover_changed", { card_id: 9, attachment_id: 4, cover_url: null }), board);
    expect(`${cover.verb} ${cover.what}`).toBe("changed the cover of “Card 9”");
  });

  it("names columns, members and the unknown sensibly", () => {
    expect(describe(event(1, "column.created", { id: 3, board_id: 1, name: "Review", wip_limit: null, position: 2, version: 1 })).what).toBe("“Review”");
    const member = describe(event(2, "member.added", { user_id: 4, display_name: "Bea", email: "bea@example.com", role: "editor" }));
    expect(`${member.verb} ${member.what}${member.tail}`).toBe("added Bea as editor");
    const joined = describe(event(2, "member.added", { user_id: 2, display_name: "Ada", email: "ada@example.com", role: "viewer" }));
    expect(`${joined.verb} ${joined.what}${joined.tail}`).toBe("joined the board as viewer");
    const role = describe(event(2, "member.updated", { user_id: 4, display_name: "Bea", email: "bea@example.com", role: "viewer" }));
    expect(`${role.verb} ${role.what}${role.tail}`).toBe("changed the role of Bea to viewer");
    // A new name is not a new role.
    const renamed = describe(event(4, "member.updated", { user_id: 4, display_name: "Bea B", email: "bea@example.com", role: "editor", profile: true }));
    expect(`${renamed.verb}${renamed.what}${renamed.tail}`).toBe("updated their profile");
    const invited = describe(event(2, "invitation.sent", { id: 5, role: "editor", expires_at: "2026-12-15T10:00:00Z" }));
    expect(`${invited.verb} ${invited.what}${invited.tail}`).toBe("invited someone as editor");
    const unknown = { ...event(3), type: "something.new", actor: null };
    expect(describe(unknown as unknown as ActivityEvent)).toMatchObject({ actor: "Someone", verb: "changed" });
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
