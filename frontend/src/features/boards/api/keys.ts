import { sharedKeys } from "../../../lib/queryKeys";

export const boardsKeys = {
  /** Every list of boards. */
  all: sharedKeys.boardLists,
  list: (archived: boolean) => [...sharedKeys.boardLists, { archived }] as const,
};
