import { api, unwrap } from "../../../lib/api";
import { cardAdded } from "../model/shows";
import { confirmed, type Confirming } from "./confirm";

/** Undo an archive, or restore from the archived cards: back at the bottom of its column.
 * `version` is the card's as archived: a 409 if someone changed it since. */
export const unarchiveCard = (confirming: Confirming, cardId: number, version: number) =>
  confirmed(
    confirming,
    unwrap(
      api.PATCH("/api/v1/cards/{card_id}", {
        params: { path: { card_id: cardId } },
        body: { archived: false, version },
      }),
    ),
    cardAdded,
  );
