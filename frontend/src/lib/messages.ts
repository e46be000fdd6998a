/**
 * The words for invalid input: the backend's one catalogue (core/messages.py, exported to
 * src/generated/messages.json by `make client`), so what the SPA checks before sending reads
 * exactly like what the server and the pages say. Fields' errors come from the server's
 * problem+json (`errors[]`, each with its `code` and sentence) or from `blankFields` here.
 */
// Named imports: the bundle keeps only these keys (the examples are for the tests).
import { fields as fieldWords, messages as sentences, overrides as special } from "../generated/messages.json";

export type FieldErrors = Record<string, string>;
type Params = Record<string, string | number>;

const fields: Record<string, string> = fieldWords;
const messages: Record<string, string> = sentences;
const general = sentences.invalid;
const overrides: Record<string, string> = special;

/** The field as a person reads it ("due_date" → "due date"), as core/messages.words. */
export function words(field?: string): string {
  if (!field) return "value";
  return fields[field] ?? field.replace(/[_-]/g, " ");
}

function number(value: string | number): string {
  return typeof value === "number" && Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
}

/** The catalogue's sentence for `code` on `field`, filled like Python's str.format. */
export function message(code: string, field?: string, params: Params = {}): string {
  const template = overrides[`${field}:${code}`] ?? messages[code] ?? general;
  const values: Params = { ...params, field: words(field), name: field ?? "" };
  const keys = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
  // A parameter missing: the general words still help (as the backend does).
  if (keys.some((key) => !(key in values))) return general.replace("{field}", words(field));
  return template.replace(/\{(\w+)\}/g, (_, key: string) => number(values[key] ?? ""));
}

/** Fields that must say something: a blank or whitespace-only value gets the catalogue's
 * "blank" sentence (the server trims the same way and would refuse it). */
export function blankFields(values: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(values)) {
    if (!value.trim()) errors[field] = message("blank", field);
  }
  return errors;
}
