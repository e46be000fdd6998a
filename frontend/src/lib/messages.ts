/**
 * The words for invalid input: the backend's one catalogue (core/messages.py, exported to
 * src/generated/messages.json by `make client`), so what the SPA checks before sending reads
 * exactly like what the server and the pages say. Fields' errors come from the server's
 * problem+json (`errors[]`, each with its `code` and sentence) or from `blankFields` here.
 */
export type FieldErrors = Record<string, string>;
type Params = Record<string, string | number>;
type Catalogue = Pick<typeof import("../generated/messages.json"), "fields" | "messages" | "overrides">;

// Fetched in a chunk of its own, soon after start-up, so that the first screen does not wait
// for it: until it is here, what would be checked before sending goes to the server, which
// answers in the same words.
let catalogue: Catalogue | undefined;
let loading: Promise<void> | undefined;

export function loadCatalogue(): Promise<void> {
  return (loading ??= import("../generated/messages.json").then(({ fields, messages, overrides }) => {
    catalogue = { fields, messages, overrides };
  }));
}

/** The field as a person reads it ("due_date" → "due date"), as core/messages.words. */
export function words(field?: string): string {
  const fields: Record<string, string> = catalogue?.fields ?? {};
  if (!field) return "value";
  return fields[field] ?? field.replace(/[_-]/g, " ");
}

function number(value: string | number): string {
  return typeof value === "number" && Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
}

/** The catalogue's sentence for `code` on `field`, filled like Python's str.format. */
export function message(code: string, field?: string, params: Params = {}): string | undefined {
  if (!catalogue) return undefined;
  const messages: Record<string, string> = catalogue.messages;
  const overrides: Record<string, string> = catalogue.overrides;
  const general = catalogue.messages.invalid;
  const template = overrides[`${field}:${code}`] ?? messages[code] ?? general;
  const values: Params = { ...params, field: words(field), name: field ?? "" };
  const keys = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
  // A parameter missing: the general words still help (as the backend does).
  if (keys.some((key) => !(key in values))) return general.replace("{field}", words(field));
  return template.replace(/\{(\w+)\}/g, (_, key: string) => number(values[key] ?? ""));
}

/** Fields that must say something: a blank or whitespace-only value gets the catalogue's
 * "blank" sentence (the server trims the same way and would refuse it). Empty while the
 * catalogue is on its way: the server then says it. */
export function blankFields(values: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(values)) {
    const text = value.trim() ? undefined : message("blank", field);
    if (text) errors[field] = text;
  }
  return errors;
}
