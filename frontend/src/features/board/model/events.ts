/** Applying the server's domain events to a board held in the query cache.
 * Each event carries the board's gapless `seq`: an event at or below the board's seq is
 * already reflected (ignored); one beyond seq + 1 means events were missed (a gap: the
 * caller refetches). */
import { asTile, type Board, type Card, type Schemas } from "../../../lib/api";
import type { BoardEvent } from "../../../lib/protocol";
import { placeCard, removeCard, replaceCard } from "./ordering";

export type Outcome =
  | { kind: "applied"; board: Board }
  | { kind: "ignored" }
  | { kind: "gap" }
  | { kind: "gone" };

type Label = Schemas["LabelRead"];
type Member = Schemas["MemberRead"];

export function applyEvent(board: Board, event: BoardEvent): Outcome {
  if (event.board_id !== board.id) return { kind: "ignored" };
  if (event.type === "board.deleted") return { kind: "gone" };
  if (event.seq <= board.seq) return { kind: "ignored" };
  if (event.seq > board.seq + 1) return { kind: "gap" };
  const next = change(board, event);
  if (next === null) return { kind: "gap" }; // a shape we cannot apply: refetch to be exact
  return { kind: "applied", board: { ...next, seq: event.seq } };
}

function change(board: Board, event: BoardEvent): Board | null {
  switch (event.type) {
    case "card.created": {
      // A copy may come with its checklists' progress, its files and its cover.
      const { progress, attachment_count: files, cover_url: cover } = event.data;
      if (!progress && !files) return placeCard(board, event.data.card, event.data.card.position);
      const tile = {
        ...asTile(event.data.card),
        ...(progress && { checklist_done: progress.done, checklist_total: progress.total }),
        attachment_count: files ?? 0,
        cover_url: cover ?? null,
      };
      return placeCard(board, tile, event.data.card.position);
    }
    case "card.moved":
      return placeCard(board, event.data.card, event.data.card.position);
    case "card.restored": {
      // A card deleted from the archive comes back to the archive: not on the board.
      if (event.data.card.archived) return removeCard(board, event.data.card.id);
      // With its comments, checklists and files, which the tile counts (an older event
      // without the counts: read).
      const { comment_count: count, progress } = event.data;
      if (count === null || count === undefined || !progress) return null;
      const tile = {
        ...asTile(event.data.card),
        comment_count: count,
        checklist_done: progress.done,
        checklist_total: progress.total,
        attachment_count: event.data.attachment_count ?? 0,
        cover_url: event.data.cover_url ?? null,
      };
      return placeCard(board, tile, event.data.card.position);
    }
    case "card.updated":
      return replaceCard(board, event.data.card);
    case "card.archived":
      return removeCard(board, event.data.card.id);
    case "card.deleted":
      return removeCard(board, event.data.id);
    case "column.created":
    case "column.updated":
    case "column.moved":
      return upsertColumn(board, event.data);
    case "column.deleted": {
      const gone = event.data.id;
      return { ...board, columns: board.columns.filter((c) => c.id !== gone) };
    }
    case "columns.reordered": {
      const order = event.data.column_ids;
      const byId = new Map(board.columns.map((c) => [c.id, c]));
      const columns = order.flatMap((id, position) => {
        const column = byId.get(id);
        return column ? [{ ...column, position }] : [];
      });
      // Exactly the columns it knows, each once: anything else and the board is refetched.
      const exact = order.length === board.columns.length && columns.length === order.length;
      if (!exact || new Set(order).size !== order.length) return null;
      return { ...board, columns };
    }
    case "label.created":
    case "label.updated": {
      const label = labelOf(event.data);
      const others = board.labels.filter((l) => l.id !== label.id);
      return { ...board, labels: [...others, label].sort((a, b) => a.name.localeCompare(b.name)) };
    }
    case "label.deleted": {
      const gone = event.data.id;
      return stripFromCards(
        { ...board, labels: board.labels.filter((l) => l.id !== gone) },
        (card) => card.label_ids.includes(gone),
        (card) => ({ ...card, label_ids: card.label_ids.filter((id) => id !== gone) }),
      );
    }
    case "label.restored": {
      // An undone deletion: the label, and back on the cards it was on.
      const label = labelOf(event.data.label);
      const on = new Set(event.data.card_ids);
      const others = board.labels.filter((l) => l.id !== label.id);
      return stripFromCards(
        { ...board, labels: [...others, label].sort((a, b) => a.name.localeCompare(b.name)) },
        (card) => on.has(card.id) && !card.label_ids.includes(label.id),
        (card) => ({ ...card, label_ids: [...card.label_ids, label.id].sort((a, b) => a - b) }),
      );
    }
    case "member.restored": {
      // An undone removal: the same role, and back on the cards they were assigned to.
      const member = memberOf(event.data.member);
      const on = new Set(event.data.card_ids);
      const others = board.members.filter((m) => m.user_id !== member.user_id);
      return stripFromCards(
        { ...board, members: [...others, member] },
        (card) => on.has(card.id) && !card.assignee_ids.includes(member.user_id),
        (card) => ({ ...card, assignee_ids: [...card.assignee_ids, member.user_id].sort((a, b) => a - b) }),
      );
    }
    case "member.added":
    case "member.updated": {
      const member = memberOf(event.data);
      const others = board.members.filter((m) => m.user_id !== member.user_id);
      return { ...board, members: [...others, member] };
    }
    case "member.removed": {
      const gone = event.data.user_id;
      return stripFromCards(
        { ...board, members: board.members.filter((m) => m.user_id !== gone) },
        (card) => card.assignee_ids.includes(gone),
        (card) => ({ ...card, assignee_ids: card.assignee_ids.filter((id) => id !== gone) }),
      );
    }
    case "board.updated": {
      const { name, description, archived, is_template } = event.data;
      return {
        ...board,
        name,
        description: description ?? board.description,
        archived: archived ?? board.archived,
        is_template: is_template ?? board.is_template,
      };
    }
    case "comment.created":
      return countComments(board, event.data.comment.card_id, 1);
    case "comment.deleted":
      return countComments(board, event.data.card_id, -1);
    case "comment.restored":
      return countComments(board, event.data.comment.card_id, 1);
    case "comment.updated":
      return board; // comments are not part of the board: only its seq moves on
    case "checklist.created":
    case "checklist.updated":
    case "checklist.deleted":
    case "checklist_item.created":
    case "checklist_item.updated":
    case "checklist_item.deleted": {
      // Each carries its card's progress after it: the tile shows it as it is.
      const { card_id: cardId, progress } = event.data;
      return stripFromCards(
        board,
        (card) => card.id === cardId,
        (card) => ({ ...card, checklist_done: progress.done, checklist_total: progress.total }),
      );
    }
    case "attachment.created":
      return countFiles(board, event.data.card_id, 1, false);
    case "attachment.deleted":
      return countFiles(board, event.data.card_id, -1, event.data.was_cover ?? false);
    case "card.cover_changed": {
      const cover = event.data.cover_url ?? null;
      return stripFromCards(board, (card) => card.id === event.data.card_id, (card) => ({ ...card, cover_url: cover }));
    }
    case "board.created":
    case "board.imported":
    case "board.copied":
    case "board.deleted":
      return null; // a board's first event, or its end: read it again
    default:
      return null; // an event this client does not know (a newer server): read it again
  }
}

// The log's "gone" marker (docs/security.md) is not part of the board's own state.
function labelOf({ id, board_id, name, color }: Schemas["LabelData"]): Label {
  return { id, board_id, name, color };
}

function memberOf({ user_id, display_name, email, role }: Schemas["MemberData"]): Member {
  return { user_id, display_name, email, role };
}

function upsertColumn(board: Board, data: Schemas["ColumnData"]): Board {
  const { id, board_id, name, wip_limit, position, version } = data;
  const column = { id, board_id, name, wip_limit, position, version };
  const existing = board.columns.find((c) => c.id === column.id);
  const merged = { ...column, cards: existing?.cards ?? [] };
  const others = board.columns.filter((c) => c.id !== column.id);
  const at = Math.max(0, Math.min(column.position, others.length));
  const columns = [...others.slice(0, at), merged, ...others.slice(at)];
  return { ...board, columns: columns.map((c, position) => ({ ...c, position })) };
}

/** Change the cards `hit` picks with `fix` (taking off, or putting back). */
function stripFromCards(board: Board, hit: (card: Card) => boolean, fix: (card: Card) => Card): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.cards.some(hit) ? { ...column, cards: column.cards.map((c) => (hit(c) ? fix(c) : c)) } : column,
    ),
  };
}

/** A tile's comment count follows the comments added and deleted. */
function countComments(board: Board, cardId: number, by: number): Board {
  return stripFromCards(
    board,
    (card) => card.id === cardId,
    (card) => ({ ...card, comment_count: Math.max(0, card.comment_count + by) }),
  );
}

/** A tile's file count follows the files added and deleted; its cover goes with its file. */
function countFiles(board: Board, cardId: number, by: number, wasCover: boolean): Board {
  return stripFromCards(
    board,
    (card) => card.id === cardId,
    (card) => ({
      ...card,
      attachment_count: Math.max(0, (card.attachment_count ?? 0) + by),
      cover_url: wasCover ? null : (card.cover_url ?? null),
    }),
  );
}
