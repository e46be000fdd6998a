/** Every query key of the account feature. */
export const accountKeys = {
  /** The signed-in user as the account page shows it (with an e-mail change waiting). */
  profile: ["account", "profile"] as const,
  /** The browsers and apps where the user is logged in. */
  sessions: ["account", "sessions"] as const,
};
