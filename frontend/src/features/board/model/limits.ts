/** A column's WIP limit on the board (its input: model/wip.ts). */
/** Whether a column holds more cards than its limit allows. */
export function overLimit(count: number, limit: number | null | undefined): boolean {
  return typeof limit === "number" && count > limit;
}
