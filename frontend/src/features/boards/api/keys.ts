import { sharedKeys } from "../../../lib/queryKeys";

export const boardsKeys = {
  /** Every list of boards (and one's invitations, which turn into boards). */
  all: sharedKeys.boardLists,
  list: (archived: boolean) => [...sharedKeys.boardLists, { archived }] as const,
  /** The invitations to one's own verified address. */
  invitations: [...sharedKeys.boardLists, "invitations"] as const,
  /** The templates to start a board from (a board marked one joins them). */
  templates: [...sharedKeys.boardLists, "templates"] as const,
  /** One's newest imports (the list under the import form). */
  imports: [...sharedKeys.boardLists, "imports"] as const,
  /** One Trello import (its board joins the lists when done). */
  importJob: (importId: number) => [...sharedKeys.boardLists, "import", importId] as const,
};
