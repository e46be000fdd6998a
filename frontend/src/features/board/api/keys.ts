import { sharedKeys } from "../../../lib/queryKeys";

/** Every query and mutation key of the board feature. */
export const boardKeys = {
  /** The board with its columns, cards, labels and members (features/board/api/board.ts). */
  detail: (boardId: number) => [...sharedKeys.board(boardId), "detail"] as const,
  /** This tab's writes to a board (mutations), shown over it until their events come
  * (api/pending.ts); `kind` is a PendingChange's. */
  writes: (boardId: number, kind?: "move" | "add" | "edit" | "comment") =>
    kind ? ([...sharedKeys.board(boardId), "writes", kind] as const) : ([...sharedKeys.board(boardId), "writes"] as const),
  /** New orders of the columns (mutations), shown until their events come. */
  columnOrders: (boardId: number) => [...sharedKeys.board(boardId), "column-orders"] as const,
  /** A card's checklists with their items (the card read's). */
  checklists: (cardId: number) => ["card", cardId, "checklists"] as const,
  /** A card's files. */
  attachments: (cardId: number) => ["card", cardId, "attachments"] as const,
  /** A card's comments. */
  comments: (cardId: number) => ["card", cardId, "comments"] as const,
  /** A card's own activity (its events and its comments'). */
  cardActivity: (cardId: number) => ["card", cardId, "activity"] as const,
  /** Who made a card's latest change, and at which version (api/cardEvents.ts). */
  changedBy: (cardId: number) => ["card", cardId, "changed-by"] as const,
  /** The signed-in user, as the card dialog needs it (whose comments are whose). */
  me: ["card", "me"] as const,
  /** Whether the user follows a card (hears of every new comment on it). */
  follow: (cardId: number) => ["card", cardId, "follow"] as const,
};
