import { sharedKeys } from "../../../lib/queryKeys";

export const authKeys = {
  /** The signed-in user (null: nobody); kept when the user changes, everything else goes. */
  me: sharedKeys.me,
  /** The configured log-in providers. */
  providers: ["auth", "providers"] as const,
};
