export const searchKeys = {
  /** The pages of hits for one query, as sent (trimmed). Dropped with the rest of the
   * cache when the user changes (features/auth/api/me.ts: switchUser). */
  results: (q: string) => ["search", q] as const,
};
