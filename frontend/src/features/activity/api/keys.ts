import { sharedKeys } from "../../../lib/queryKeys";

export const activityKeys = {
  /** A board's newest events. */
  recent: (boardId: number) => [...sharedKeys.board(boardId), "activity"] as const,
};
