import { sharedKeys } from "../../../lib/queryKeys";

export const activityKeys = {
  /** A board's newest events. */
  recent: (boardId: number) => [...sharedKeys.board(boardId), "activity"] as const,
  /** A page of the activity page, from an offset. */
  page: (boardId: number, offset: number) => [...sharedKeys.board(boardId), "activity-page", offset] as const,
};
