/** A board event told as a sentence, the way the server's activity page tells it:
 * `actor verb what tail`, where `what` may link to the card. */
import type { Board } from "../../lib/api";
import type { ActivityEvent } from "./api/activity";

export interface Line {
  actor: string;
  verb: string;
  what: string;
  href: string | null;
  tail: string;
}

const SIMPLE: Record<string, [string, string, string]> = {
  "board.created": ["created the board", "name", "this board"],
  "board.updated": ["updated the board", "name", "this board"],
  "board.imported": ["imported the board", "name", "this board"],
  "board.copied": ["created the board", "name", "this board"],
  "column.created": ["added the column", "name", "a column"],
  "column.updated": ["updated the column", "name", "a column"],
  "column.moved": ["moved the column", "name", "a column"],
  "column.deleted": ["deleted", "", "a column"],
  "columns.reordered": ["reordered", "", "the columns"],
  "label.created": ["created the label", "name", "a label"],
  "label.updated": ["updated the label", "name", "a label"],
  "label.deleted": ["deleted", "", "a label"],
};
const CARD: Record<string, string> = {
  "card.created": "added the card",
  "card.updated": "edited the card",
  "card.archived": "archived the card",
  "card.restored": "restored the card",
  "card.moved": "moved",
};
/** Deleted since: the log kept no copy of its title (the server marks it gone). */
export const A_DELETED_CARD = "a card that was deleted";
const COMMENT: Record<string, string> = {
  "comment.created": "commented on",
  "comment.updated": "edited a comment on",
  "comment.deleted": "deleted a comment on",
  "comment.restored": "restored a comment on",
  // Files name their card as comments do (`card_id`, and `card_title` read from the log).
  "attachment.created": "attached a file to",
  "attachment.deleted": "removed a file from",
  "card.cover_changed": "changed the cover of",
};
const CHECKLIST: Record<string, string> = {
  "checklist.created": "added a checklist to",
  "checklist.updated": "updated a checklist on",
  "checklist.deleted": "deleted a checklist from",
  "checklist_item.created": "added an item to",
  "checklist_item.updated": "edited an item on",
  "checklist_item.deleted": "deleted an item from",
};

/** A tick and a conversion are told as such. */
function checklistVerb(type: string, data: Record<string, unknown>): string {
  const changed = data.changed;
  if (type === "checklist_item.updated" && Array.isArray(changed) && changed.length === 1 && changed[0] === "done") {
    return record(data.item).done === true ? "completed an item on" : "reopened an item on";
  }
  if (type === "checklist_item.deleted" && typeof data.converted_to === "number") return "turned an item into a card on";
  return CHECKLIST[type] ?? "changed";
}

const quoted = (value: unknown) => `“${String(value)}”`;
const cardHref = (id: unknown) => (typeof id === "number" ? `/cards/${id}` : null);

/** `what` and `href` for the card an entry names: its title (now, or as the event told
 * it live), linked; or that it was deleted since. */
function cardNamed(id: unknown, title: unknown, gone: boolean): Pick<Line, "what" | "href"> {
  if (gone) return { what: A_DELETED_CARD, href: null };
  return { what: typeof title === "string" && title ? quoted(title) : "a card", href: cardHref(id) };
}
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" ? (value as Record<string, unknown>) : {};

export function describe(event: ActivityEvent, board?: Board): Line {
  const data = record(event.data);
  const line: Line = { actor: event.actor?.display_name ?? "Someone", verb: "changed", what: "the board", href: null, tail: "" };
  const simple = SIMPLE[event.type];
  const card = record(data.card);
  if (simple) {
    const [verb, key, fallback] = simple;
    const name = key ? data[key] : undefined;
    const copied = event.type === "board.copied";
    const template = typeof data.template === "string" && data.template ? data.template : "";
    const tail = !copied ? "" : template ? ` from the template ${template}` : " as a copy";
    return { ...line, verb, what: name ? quoted(name) : fallback, tail };
  }
  const cardVerb = CARD[event.type];
  if (cardVerb) {
    Object.assign(line, { verb: cardVerb }, cardNamed(card.id, card.title, card.gone === true));
    const column = board?.columns.find((c) => c.id === card.column_id);
    if (column && (event.type === "card.moved" || event.type === "card.created")) {
      line.tail = ` ${event.type === "card.moved" ? "to" : "in"} ${column.name}`;
    }
    return line;
  }
  if (event.type === "card.deleted") {
    // Its title while the card can still be had back (and live); once gone for good, none.
    const title = data.gone === true ? "" : data.title;
    if (typeof title === "string" && title) return { ...line, verb: "deleted the card", what: quoted(title) };
    return { ...line, verb: "deleted", what: "a card" };
  }
  const commentVerb = COMMENT[event.type] ?? (CHECKLIST[event.type] ? checklistVerb(event.type, data) : undefined);
  if (commentVerb) {
    const cardId = record(data.comment).card_id ?? data.card_id;
    // Read from the log: the server filled the title in; live: the board knows it.
    const known = board?.columns.flatMap((c) => c.cards).find((c) => c.id === cardId)?.title;
    const title = typeof data.card_title === "string" && data.card_title ? data.card_title : known;
    // A checklist's title or an item's text, after the card.
    const text = record(data.item).text ?? record(data.checklist).title;
    const tail = typeof text === "string" && text ? `: ${quoted(text)}` : "";
    return { ...line, verb: commentVerb, ...cardNamed(cardId, title, data.card_gone === true), tail };
  }
  // Without the address: only owners see whom they invited (the settings page).
  if (event.type === "invitation.sent") {
    return { ...line, verb: "invited", what: "someone", tail: typeof data.role === "string" ? ` as ${data.role}` : "" };
  }
  if (event.type === "invitation.revoked") return { ...line, verb: "withdrew", what: "an invitation" };
  if (event.type === "invitation.declined") return { ...line, verb: "declined", what: "an invitation" };
  if (event.type === "label.restored" || event.type === "member.restored") {
    // An undone deletion: the thing is inside.
    const inner = record(data.label ?? data.member);
    const name = inner.name ?? inner.display_name;
    const label = event.type === "label.restored";
    const what = typeof name === "string" && name ? (label ? quoted(name) : name) : "someone";
    return { ...line, verb: label ? "restored the label" : "brought back", what };
  }
  if (event.type === "member.added" && event.actor?.id === data.user_id) {
    // Accepted an invitation: they added themselves.
    return { ...line, verb: "joined", what: "the board", tail: typeof data.role === "string" ? ` as ${data.role}` : "" };
  }
  if (event.type === "member.updated" && data.profile === true) {
    return { ...line, verb: "updated their profile", what: "" };
  }
  if (event.type.startsWith("member.")) {
    const named = board?.members.find((m) => m.user_id === data.user_id)?.display_name;
    const name = typeof data.display_name === "string" ? data.display_name : (named ?? "a member");
    const verb = event.type === "member.added" ? "added" : event.type === "member.updated" ? "changed the role of" : "removed";
    const tail =
      event.type !== "member.removed" && typeof data.role === "string"
        ? ` ${event.type === "member.added" ? "as" : "to"} ${data.role}`
        : "";
    return { ...line, verb, what: name, tail };
  }
  return line;
}
