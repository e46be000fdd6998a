import { useQueryClient } from "@tanstack/react-query";
import type { Board, Card } from "../../../lib/api";
import { showUndo } from "../../../lib/toast";
import { findCard } from "../model/ordering";
import type { PendingMove } from "../model/pending";
import { boardKeys } from "./keys";
import { useMoveCard } from "./moveCard";

/** A move that offers "Undo" once done: the inverse move, sent with the card's version as
 * the board shows it then. If someone moved or changed the card since, it says so and
 * leaves the card where it is. */
export function useUndoableMove(boardId: number, onNotice: (message: string) => void) {
  const qc = useQueryClient();
  const move = useMoveCard(boardId, onNotice);
  return (card: Card, to: Omit<PendingMove, "cardId">) => {
    const back = { columnId: card.column_id, index: card.position };
    move.mutate(
      { cardId: card.id, ...to, version: card.version },
      {
        onSuccess: (moved) => {
          const board = qc.getQueryData<Board>(boardKeys.detail(boardId));
          const column = board?.columns.find((c) => c.id === moved.column_id)?.name ?? "its new place";
          showUndo(`“${card.title}” moved to ${column}.`, () => {
            const now = qc.getQueryData<Board>(boardKeys.detail(boardId));
            const current = now ? findCard(now, card.id) : undefined;
            if (current?.version !== moved.version) {
              return Promise.reject(new Error(`“${card.title}” was moved or changed since; it stays where it is now.`));
            }
            return move.mutateAsync({ cardId: card.id, ...back, version: moved.version });
          });
        },
      },
    );
  };
}
