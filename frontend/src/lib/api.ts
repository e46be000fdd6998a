/** The one API client, generated from the backend's OpenAPI document, and its errors. */
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/api";
import { BearerSession, cookieFetch, sessionStorageTokens, type Fetch } from "./auth";

export type Schemas = components["schemas"];
export type Board = Schemas["BoardDetail"];
/** A card on the board: its fields and what its tile shows (comment count, description). */
export type Card = Schemas["CardTile"];
/** A card as single-card answers and events carry it: without the tile's counts. */
export type CardRead = Schemas["CardRead"];

/** A card read elsewhere as a tile: the counts it had on the board stay (0 for a new one). */
export function asTile(card: CardRead | Card, previous?: Card): Card {
  const counts =
    "comment_count" in card
      ? card
      : {
          comment_count: previous?.comment_count ?? 0,
          checklist_done: previous?.checklist_done ?? 0,
          checklist_total: previous?.checklist_total ?? 0,
        };
  // What else the tile shows, which a card's own fields do not say: kept from before.
  const files = "attachment_count" in card ? card.attachment_count : previous?.attachment_count;
  const cover = "cover_url" in card ? card.cover_url : previous?.cover_url;
  return {
    ...card,
    comment_count: counts.comment_count,
    checklist_done: counts.checklist_done,
    checklist_total: counts.checklist_total,
    attachment_count: files ?? 0,
    cover_url: cover ?? null,
    has_description: card.description.trim() !== "",
  };
}
export type Column = Schemas["ColumnWithCards"];

export const API_URL = (import.meta.env.VITE_API_URL ?? "").replace(/\/+$/, "");
/** Built for another origin than the API's: bearer tokens instead of the cookie session. */
export const SPLIT_ORIGIN = API_URL !== "";

const baseFetch: Fetch = (request) => globalThis.fetch(request);

export const bearer = SPLIT_ORIGIN
  ? new BearerSession(API_URL, sessionStorageTokens(), (request) =>
      globalThis.fetch(request, { credentials: "omit" }),
    )
  : null;

/** The authenticated transport under the client (also used for the WebSocket ticket). */
export const transport: Fetch = bearer ? bearer.fetch : cookieFetch(baseFetch, () => document.cookie);

export const api = createClient<paths>({ baseUrl: API_URL, fetch: transport });

export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: { loc: (string | number)[]; msg: string; code?: string }[];
  current?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `Request failed (${status})`);
  }

  /** Field errors by field name, for forms. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      // The field's name: the last name in `loc` (["body", "label_ids", 0] → "label_ids").
      const names = error.loc.filter((part): part is string => typeof part === "string");
      const name = names.length > 1 || !["body", "query"].includes(names[0] ?? "") ? (names[names.length - 1] ?? "") : "";
      out[name] ??= error.msg;
    }
    return out;
  }
}

/** Turns openapi-fetch's `{data, error, response}` into a value or a thrown ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, { title: "Network error", detail: "The server cannot be reached; try again." });
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem = (error && typeof error === "object" ? error : {}) as Problem;
    throw new ApiError(response.status, problem);
  }
  return data as T;
}
