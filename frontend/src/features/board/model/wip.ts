/** A column's WIP (work in progress) limit as a person types it, read as the server reads
 * it: ASCII digits, 1 to 10000; blank for no limit. */
export const WIP_MAX = 10_000;
export const WIP_MESSAGE = `Enter a whole number from 1 to ${WIP_MAX}, or leave it blank for no limit`;

export type WipInput = { ok: true; limit: number | null } | { ok: false; message: string };

export function parseWipLimit(raw: string): WipInput {
  const text = raw.trim();
  if (text === "") return { ok: true, limit: null };
  if (!/^[0-9]{1,6}$/.test(text)) return { ok: false, message: WIP_MESSAGE };
  const limit = Number(text);
  return limit >= 1 && limit <= WIP_MAX ? { ok: true, limit } : { ok: false, message: WIP_MESSAGE };
}

/** Whether a column holds more cards than its limit allows. */
export function overLimit(count: number, limit: number | null | undefined): boolean {
  return typeof limit === "number" && count > limit;
}
