import { describe, expect, it } from "vitest";
import type { Board } from "../../../lib/api";
import type { BoardEvent } from "../../../lib/protocol";
import { board, card, event, layout, type DataOf } from "../../../test/fixtures";
import { applyEvent } from "./events";

const ev = <T extends BoardEvent["type"]>(seq: number, type: T, data: DataOf<T>) => event(type, seq, data);
const comment = { id: 5, card_id: 11, author_id: 2, author_name: "Bo", body: "Hi", created_at: "2026-01-01T00:00:00Z", edited_at: null };

function applied(b: Board, e: BoardEvent): Board {
  const outcome = applyEvent(b, e);
  if (outcome.kind !== "applied") throw new Error(`not applied: ${outcome.kind}`);
  return outcome.board;
}

describe("applyEvent", () => {
  const b = board({ 1: [11, 12], 2: [21] }, 10);

  it("keeps a tile's comment count through a card's events, and counts comments", () => {
    // A card as events carry it: without the tile's counts.
    const read = (tile: ReturnType<typeof card>) => {
      const copy: Partial<typeof tile> = { ...tile };
      delete copy.comment_count;
      delete copy.has_description;
      return copy as Omit<typeof tile, "comment_count" | "has_description">;
    };
    const counted = applied(b, ev(11, "comment.created", { comment }));
    expect(counted.columns[0]!.cards[0]!.comment_count).toBe(1);
    const edited = { ...read(card(11, 1, 0)), description: "Steps", version: 2 };
    const next = applied(counted, ev(12, "card.updated", { card: edited, assigned: [] }));
    expect(next.columns[0]!.cards[0]).toMatchObject({ comment_count: 1, has_description: true, version: 2 });
    const moved = applied(next, ev(13, "card.moved", { card: { ...edited, column_id: 2 }, from_column_id: 1 }));
    expect(moved.columns[1]!.cards[0]).toMatchObject({ id: 11, comment_count: 1 });
    const fresh = applied(moved, ev(14, "card.created", { card: read(card(30, 2, 0)), assigned: [] }));
    expect(fresh.columns[1]!.cards[0]).toMatchObject({ id: 30, comment_count: 0, has_description: false });
    const gone = applied(fresh, ev(15, "comment.deleted", { id: 5, card_id: 11 }));
    expect(gone.columns[1]!.cards.find((c) => c.id === 11)!.comment_count).toBe(0);
  });

  it("counts a tile's files and shows its cover, through the card's own events", () => {
    const thumb = "/api/v1/attachments/7/thumbnail";
    const file = {
      id: 7, card_id: 11, board_id: 1, uploader_id: 2, filename: "p.png", content_type: "image/png", size: 9,
      has_thumbnail: true, is_cover: false, created_at: "2026-01-01T00:00:00Z",
      content_url: "/api/v1/attachments/7/content", thumbnail_url: thumb,
    };
    const added = applied(b, ev(11, "attachment.created", { card_id: 11, attachment: file }));
    expect(added.columns[0]!.cards[0]).toMatchObject({ attachment_count: 1 });
    const covered = applied(added, ev(12, "card.cover_changed", { card_id: 11, attachment_id: 7, cover_url: thumb }));
    expect(covered.columns[0]!.cards[0]).toMatchObject({ attachment_count: 1, cover_url: thumb });
    // A card as events carry it: without what the tile shows besides its fields.
    const own: Partial<ReturnType<typeof card>> = { ...card(11, 1, 0), title: "New" };
    delete own.comment_count;
    delete own.has_description;
    delete own.attachment_count;
    delete own.cover_url;
    const sent = own as DataOf<"card.updated">["card"];
    const edited = applied(covered, ev(13, "card.updated", { card: sent, assigned: [] }));
    expect(edited.columns[0]!.cards[0]).toMatchObject({ title: "New", attachment_count: 1, cover_url: thumb });
    const gone = applied(edited, ev(14, "attachment.deleted", { id: 7, card_id: 11, was_cover: true }));
    expect(gone.columns[0]!.cards[0]).toMatchObject({ attachment_count: 0, cover_url: null });
  });

  it("ignores events already reflected (seq <= board seq) and other boards'", () => {
    expect(applyEvent(b, ev(10, "card.deleted", { id: 11, column_id: 1 })).kind).toBe("ignored");
    expect(applyEvent(b, ev(3, "card.deleted", { id: 11, column_id: 1 })).kind).toBe("ignored");
    expect(applyEvent(b, { ...ev(11, "card.deleted", { id: 11, column_id: 1 }), board_id: 2 }).kind).toBe("ignored");
  });

  it("flags a gap when events were missed", () => {
    expect(applyEvent(b, ev(12, "card.deleted", { id: 11, column_id: 1 })).kind).toBe("gap");
  });

  it("applies card.moved across columns and advances seq", () => {
    const next = applied(b, ev(11, "card.moved", { card: card(11, 2, 0), from_column_id: 1 }));
    expect(layout(next)).toEqual({ 1: [12], 2: [11, 21] });
    expect(next.seq).toBe(11);
  });

  it("is idempotent with our own optimistic move", () => {
    const optimistic = board({ 1: [12], 2: [11, 21] }, 10);
    const next = applied(optimistic, ev(11, "card.moved", { card: card(11, 2, 0), from_column_id: 1 }));
    expect(layout(next)).toEqual({ 1: [12], 2: [11, 21] });
  });

  it("creates, updates, archives, restores and deletes cards", () => {
    let next = applied(b, ev(11, "card.created", { card: card(30, 2, 1) }));
    expect(layout(next)).toEqual({ 1: [11, 12], 2: [21, 30] });
    next = applied(next, ev(12, "card.updated", { card: card(30, 2, 1, { title: "New title" }) }));
    expect(next.columns[1]!.cards[1]!.title).toBe("New title");
    next = applied(next, ev(13, "card.archived", { card: card(11, 1, 0, { archived: true }) }));
    expect(layout(next)).toEqual({ 1: [12], 2: [21, 30] });
    // Back with its comments and checklists, counted (the tile shows them).
    const progress = { done: 1, total: 4 };
    next = applied(next, ev(14, "card.restored", { card: card(11, 1, 1), comment_count: 3, progress }));
    expect(layout(next)).toEqual({ 1: [12, 11], 2: [21, 30] });
    expect(next.columns[0]!.cards[1]).toMatchObject({ id: 11, comment_count: 3, checklist_done: 1, checklist_total: 4 });
    next = applied(next, ev(15, "card.deleted", { id: 30, column_id: 2 }));
    expect(layout(next)).toEqual({ 1: [12, 11], 2: [21] });
  });

  it("leaves off the board a card restored to the archive it was deleted from", () => {
    const archived = applied(b, ev(11, "card.archived", { card: card(11, 1, 0, { archived: true }) }));
    const back = applied(
      archived,
      ev(12, "card.restored", { card: card(11, 1, 0, { archived: true }), comment_count: 0, progress: { done: 0, total: 0 } }),
    );
    expect(layout(back)).toEqual(layout(archived));
  });

  it("reads the board again for a restored card whose comments it is not told", () => {
    const archived = applied(b, ev(11, "card.archived", { card: card(11, 1, 0, { archived: true }) }));
    expect(applyEvent(archived, ev(12, "card.restored", { card: card(11, 1, 1) })).kind).toBe("gap");
  });

  it("creates, renames, reorders and deletes columns", () => {
    const column = { id: 3, board_id: 1, name: "Review", wip_limit: null, position: 1, version: 1 };
    let next = applied(b, ev(11, "column.created", column));
    expect(next.columns.map((c) => c.id)).toEqual([1, 3, 2]);
    next = applied(next, ev(12, "column.updated", { ...column, name: "QA", version: 2 }));
    expect(next.columns[1]!.name).toBe("QA");
    next = applied(next, ev(13, "columns.reordered", { column_ids: [2, 1, 3] }));
    expect(next.columns.map((c) => [c.id, c.position])).toEqual([[2, 0], [1, 1], [3, 2]]);
    expect(layout(next)[1]).toEqual([11, 12]); // cards travel with their column
    next = applied(next, ev(14, "column.deleted", { id: 1 }));
    expect(next.columns.map((c) => c.id)).toEqual([2, 3]);
  });

  it("refetches (gap) when a reorder does not match the columns it knows", () => {
    expect(applyEvent(b, ev(11, "columns.reordered", { column_ids: [2] })).kind).toBe("gap");
    expect(applyEvent(b, ev(11, "columns.reordered", { column_ids: [2, 2] })).kind).toBe("gap");
    expect(applyEvent(b, ev(11, "columns.reordered", { column_ids: [2, 9] })).kind).toBe("gap");
  });

  it("removes a deleted label and a removed member from cards", () => {
    const withLinks = applied(b, ev(11, "card.updated", { card: card(11, 1, 0, { label_ids: [7], assignee_ids: [1] }) }));
    let next = applied(withLinks, ev(12, "label.deleted", { id: 7 }));
    expect(next.labels).toEqual([]);
    expect(next.columns[0]!.cards[0]!.label_ids).toEqual([]);
    next = applied(next, ev(13, "member.removed", { user_id: 1 }));
    expect(next.members).toEqual([]);
    expect(next.columns[0]!.cards[0]!.assignee_ids).toEqual([]);
  });

  it("puts an undone label or member back on the cards it was on, once", () => {
    const withLinks = applied(b, ev(11, "card.updated", { card: card(11, 1, 0, { label_ids: [7], assignee_ids: [1] }) }));
    let next = applied(withLinks, ev(12, "label.deleted", { id: 7 }));
    next = applied(next, ev(13, "member.removed", { user_id: 1 }));
    const label = { id: 7, board_id: 1, name: "Bug", color: "#ff0000" };
    next = applied(next, ev(14, "label.restored", { label, card_ids: [11, 999] }));
    expect(next.labels).toEqual([label]);
    const member = { user_id: 1, display_name: "Ann", email: "ann@example.com", role: "owner" as const };
    next = applied(next, ev(15, "member.restored", { member, card_ids: [11] }));
    expect(next.members).toEqual([member]);
    expect(next.columns[0]!.cards.map((c) => [c.id, c.label_ids, c.assignee_ids])).toEqual([
      [11, [7], [1]],
      [12, [], []],
    ]);
    expect(applied(next, ev(16, "comment.restored", { comment })).seq).toBe(16);
  });

  it("moves seq on for comments, updates the board, and reports a deleted board", () => {
    expect(applied(b, ev(11, "comment.created", { comment })).seq).toBe(11);
    expect(applied(b, ev(11, "board.updated", { id: 1, name: "Renamed" })).name).toBe("Renamed");
    expect(applyEvent(b, ev(0, "board.deleted", { id: 1 })).kind).toBe("gone");
  });

  it("shows each checklist change's progress on the card's tile", () => {
    const item = { id: 5, checklist_id: 2, card_id: 12, text: "Write", done: true, position: 0 };
    const data = { item: { ...item, assignee_id: null, due_at: null, created_at: "2026-01-01T00:00:00Z" } };
    let next = applied(b, ev(11, "checklist_item.updated", { ...data, card_id: 12, progress: { done: 1, total: 3 } }));
    expect(next.columns[0]!.cards[1]).toMatchObject({ id: 12, checklist_done: 1, checklist_total: 3 });
    next = applied(next, ev(12, "checklist.deleted", { id: 2, card_id: 12, progress: { done: 0, total: 0 } }));
    expect(next.columns[0]!.cards[1]).toMatchObject({ id: 12, checklist_done: 0, checklist_total: 0 });
    expect(layout(next)).toEqual(layout(b));
  });

  it("shows a copied card with its checklists' progress, its files and its cover", () => {
    const copied = { progress: { done: 2, total: 5 }, attachment_count: 3, cover_url: "/api/v1/attachments/9/thumbnail" };
    const next = applied(b, ev(11, "card.created", { card: card(30, 2, 0), ...copied }));
    expect(next.columns[1]!.cards[0]).toMatchObject({
      id: 30,
      checklist_done: 2,
      checklist_total: 5,
      attachment_count: 3,
      cover_url: "/api/v1/attachments/9/thumbnail",
    });
    const filesOnly = applied(b, ev(11, "card.created", { card: card(31, 2, 0), attachment_count: 1, cover_url: null }));
    expect(filesOnly.columns[1]!.cards[0]).toMatchObject({ id: 31, attachment_count: 1, cover_url: null });
  });

  it("treats an unknown event type as a gap rather than guessing", () => {
    // A newer server's event this client was not built for (the types say it cannot be).
    const unknown = { ...ev(11, "comment.deleted", { id: 5, card_id: 11 }), type: "something.new" };
    expect(applyEvent(b, unknown as unknown as BoardEvent).kind).toBe("gap");
  });
});
