/** A field's message under it, tied to the input (aria-describedby), as on the pages. */
import { useState } from "react";
import { ApiError } from "./api";
import { blankFields, loadCatalogue, type FieldErrors } from "./messages";

// Any form with field messages is near: the catalogue comes along (a chunk of its own).
void loadCatalogue();

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** The attributes an input with a message gets. */
export function described(id: string, message?: string) {
  return message ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

/** A form's field messages, all at once: the server's (from its last answer) and those of
 * the check before sending (`required`: fields that may not be blank). */
export function useFieldErrors(error: unknown) {
  const [local, setLocal] = useState<FieldErrors>({});
  const server = error instanceof ApiError ? error.fields : {};
  const errors: FieldErrors = { ...server, ...local };
  /** True when nothing required is blank; otherwise the messages are shown. */
  function required(values: Record<string, string>): boolean {
    const found = blankFields(values);
    setLocal(found);
    return Object.keys(found).length === 0;
  }
  /** A form-wide message: the error's own words when no field was named. */
  const formError = error instanceof Error && !Object.keys(server).length ? error.message : undefined;
  return { errors, required, formError, clear: () => setLocal({}) };
}
