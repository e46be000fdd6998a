/** A card field being edited while its card changes elsewhere (the title, the
 * description): what a new version of the card does to what the person has typed. The
 * server's card page follows the same rule (backend/teamboard/cards/edit_conflicts.py).
 *
 * Three values decide, per field: `base`, the field as it was when editing began (or as
 * last agreed); `mine`, what is typed; `theirs`, the field in the new version.
 * - nobody else changed it (theirs = base): keep what is typed;
 * - the person has not changed it (mine = base), or both wrote the same: take theirs;
 * - both changed it, differently: notify — never overwrite either silently. */

export type Decision = "keep" | "overwrite" | "notify";

export function decide(base: string, mine: string, theirs: string): Decision {
  if (theirs === base) return "keep";
  if (mine === base || mine === theirs) return "overwrite";
  return "notify";
}

/** Someone else's change to a field being edited, waiting for the person's choice. */
export interface Conflict {
  theirs: string;
  by: string;
  version: number;
}

export interface FieldState {
  editing: boolean;
  draft: string;
  base: string;
  /** The card's version the draft is based on: what a save sends (a 409 if stale). */
  baseVersion: number;
  conflict: Conflict | null;
}

export type FieldAction =
  | { type: "start"; value: string; version: number }
  | { type: "type"; draft: string }
  | { type: "remote"; theirs: string; version: number; by: string }
  | { type: "keepMine" }
  | { type: "takeTheirs" }
  | { type: "stop"; value: string; version: number };

export const idle = (value: string, version: number): FieldState => ({
  editing: false,
  draft: value,
  base: value,
  baseVersion: version,
  conflict: null,
});

export function fieldReducer(state: FieldState, action: FieldAction): FieldState {
  switch (action.type) {
    case "start":
      return { ...idle(action.value, action.version), editing: true };
    case "stop":
      return idle(action.value, action.version);
    case "type":
      return { ...state, draft: action.draft };
    case "remote": {
      if (action.version <= state.baseVersion && !state.conflict) return state;
      // Not being edited: a field shows the card as it is now.
      if (!state.editing) return idle(action.theirs, action.version);
      const base = state.conflict?.theirs ?? state.base;
      switch (decide(base, state.draft, action.theirs)) {
        case "keep":
          // Only other fields changed; a waiting notice stays as it was.
          return state.conflict ? { ...state, conflict: { ...state.conflict, version: action.version } } : { ...state, baseVersion: action.version };
        case "overwrite":
          return { ...state, draft: action.theirs, base: action.theirs, baseVersion: action.version, conflict: null };
        case "notify":
          // baseVersion stays: a plain save now is refused (409) and shows this again.
          return { ...state, conflict: { theirs: action.theirs, by: action.by, version: action.version } };
      }
      return state;
    }
    case "keepMine":
      if (!state.conflict) return state;
      return { ...state, base: state.conflict.theirs, baseVersion: state.conflict.version, conflict: null };
    case "takeTheirs":
      if (!state.conflict) return state;
      return { ...state, draft: state.conflict.theirs, base: state.conflict.theirs, baseVersion: state.conflict.version, conflict: null };
  }
}
