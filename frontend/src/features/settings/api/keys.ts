import { sharedKeys } from "../../../lib/queryKeys";

export const settingsKeys = {
  /** The settings page's board, members and labels. */
  detail: (boardId: number) => [...sharedKeys.board(boardId), "settings"] as const,
  /** The board's pending invitations (owners only). */
  invitations: (boardId: number) => [...sharedKeys.board(boardId), "invitations"] as const,
  /** How each kind of notification reaches the user by e-mail. */
  notifications: ["me", "notification-settings"] as const,
};
