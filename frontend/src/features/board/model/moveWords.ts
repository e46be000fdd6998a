/** The words a screen reader hears while something is moved with dnd-kit, one shape for
 * every list that moves (the board's cards and columns, a checklist's items): what the
 * thing is called, where it would land, and which keys move it. */
import type { Active, Announcements, Over } from "@dnd-kit/core";

export interface MoveWords {
  /** “Write the notes”, column “Doing”. */
  name: (active: Active) => string;
  /** "in Doing, position 2", "at place 2 of 5"; "nowhere" when over nothing it can go to. */
  where: (active: Active, over: Over | null) => string;
  /** "the arrow keys", "the up and down arrow keys". */
  keys: (active: Active) => string;
}

export function moveWords({ name, where, keys }: MoveWords): Announcements {
  return {
    onDragStart: ({ active }) =>
      `Picked up ${name(active)}. Use ${keys(active)} to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => `${cap(name(active))} is over ${where(active, over).replace(/^(in|at) /, "")}.`,
    onDragEnd: ({ active, over }) => `${cap(name(active))} dropped ${where(active, over)}.`,
    onDragCancel: ({ active }) => `Moving ${name(active)} was cancelled.`,
  };
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
