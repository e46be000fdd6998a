/** The roots of the query keys that more than one feature touches. Each feature builds its
 * own keys under them (its `…Keys` factory, in its api/keys.ts), so that one feature can
 * mark another's data stale — `invalidateQueries` matches by prefix — without importing it. */
export const sharedKeys = {
  /** Everything cached about one board: its detail, activity, settings. */
  board: (boardId: number) => ["board", boardId] as const,
  /** The signed-in user (the header's name; the account page changes it). */
  me: ["me"] as const,
  /** The lists of boards (active, archived). */
  boardLists: ["boards"] as const,
};
