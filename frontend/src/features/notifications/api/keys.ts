export const notificationKeys = {
  /** The newest page of the user's notifications, with the unread count. */
  recent: ["notifications", "recent"] as const,
};
