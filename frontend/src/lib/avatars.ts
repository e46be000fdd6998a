/** A person's avatar on a tile: their initials on a colour of their own. The twin of
 * backend/teamboard/web/avatars.py (both tested on dates.cases.json's "initials"). The
 * colour is one of a fixed palette picked by the user id (app.css, "tiles": .avatar-c0 …
 * .avatar-c9), each holding white text at 4.5:1 or more in either theme. */
const PALETTE_SIZE = 10;

/** First letters of the first and last words: "Ada Lovelace" → "AL", "ada" → "A". */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  // A code point, as the server takes it (a letter outside the BMP stays whole).
  const letter = (word: string | undefined) => {
    const point = word?.codePointAt(0);
    return point === undefined ? "" : String.fromCodePoint(point);
  };
  if (words.length === 0) return "?";
  return (letter(words[0]) + (words.length > 1 ? letter(words[words.length - 1]) : "")).toUpperCase();
}

export const colourClass = (userId: number) => `avatar-c${userId % PALETTE_SIZE}`;
