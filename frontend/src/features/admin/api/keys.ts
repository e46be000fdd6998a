/** Every query key of the admin feature. */
export const adminKeys = {
  all: ["admin", "users"] as const,
  /** A page of every account, `offset` into the list. */
  users: (offset: number) => ["admin", "users", offset] as const,
};
