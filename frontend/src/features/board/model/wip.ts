/** A column's WIP (work in progress) limit as a person types it, read as the server reads
 * it — ASCII digits, 1 to 10000; blank for no limit — and refused in the catalogue's words
 * (lib/messages.ts), so the SPA's check reads like the server's and the pages'. */
import { message } from "../../../lib/messages";

export const WIP_MAX = 10_000;
const BOUNDS = { low: 1, high: WIP_MAX };

export type WipInput = { ok: true; limit: number | null } | { ok: false; message: string };

// Until the catalogue has arrived (moments after start-up) the general words do.
const say = (code: string) => message(code, "wip_limit", BOUNDS) ?? "Check the WIP limit: a whole number from 1 to 10,000.";

export function parseWipLimit(raw: string): WipInput {
  const text = raw.trim();
  if (text === "") return { ok: true, limit: null };
  if (!/^-?[0-9]+$/.test(text)) return { ok: false, message: say("not_a_number") };
  const limit = Number(text);
  if (limit < 1) return { ok: false, message: say("too_small") };
  if (limit > WIP_MAX) return { ok: false, message: say("too_big") };
  return { ok: true, limit };
}
