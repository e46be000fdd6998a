/** The event a column answers (preventDefault) by scrolling to the card it names: how the
 * arrow keys and "move to…" (model/focus.ts) reach a tile a long column has not drawn.
 * A module of its own, so that the columns need not load the keyboard's code. */
export const REVEAL = "reveal-card";
