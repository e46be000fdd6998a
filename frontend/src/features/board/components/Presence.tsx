/** "Who is here": the people viewing a board right now, as the server last said. */
import { usePresence } from "../../../lib/live";
import "./presence.css";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** A word's first letter as a reader sees it: "É" written as E and an accent, a whole emoji. */
function firstLetter(word: string): string {
  return graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? "";
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const picked = words.length > 1 ? [words[0] ?? "", words.at(-1) ?? ""] : words;
  return picked.map(firstLetter).join("").toUpperCase() || "?";
}

/** A stable hue per person, from a small palette the stylesheet defines for both themes. */
const tone = (id: number) => String(id % 6);

export function Presence({ boardId }: { boardId: number }) {
  const viewers = usePresence(boardId);
  // The slot is there (one row high) before anyone is: the row appearing when the socket
  // connects would push the board down.
  return (
    <div className="presence-slot">
      {viewers.length > 0 && (
        <ul className="presence" aria-label="Viewing this board">
          {viewers.map((viewer) => (
            <li key={viewer.id} className="presence-user" title={viewer.display_name}>
              <span className="presence-avatar" data-tone={tone(viewer.id)} aria-hidden="true">{initials(viewer.display_name)}</span>
              <span className="presence-name">{viewer.display_name}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
