import { api, unwrap } from "../../../lib/api";
import { cardAdded } from "../model/shows";
import { confirmed, type Confirming } from "./confirm";

/** Undo a deletion (the server keeps it ~30 s): the card is back with its comments, labels
 * and assignees; done when its event has put it back on the board. */
export const restoreCard = (confirming: Confirming, cardId: number) =>
  confirmed(
    confirming,
    unwrap(api.POST("/api/v1/cards/{card_id}/restore", { params: { path: { card_id: cardId } } })),
    cardAdded,
  );
