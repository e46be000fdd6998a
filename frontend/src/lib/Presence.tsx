/** "Who is here": the people viewing a board right now, as the server last said. */
import { usePresence } from "./live";
import "./presence.css";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((part) => [...part][0]!.toUpperCase()).join("") || "?";
}

/** A stable hue per person, from a small palette the stylesheet defines for both themes. */
const tone = (id: number) => String(id % 6);

export function Presence({ boardId }: { boardId: number }) {
  const viewers = usePresence(boardId);
  if (viewers.length === 0) return null;
  return (
    <ul className="presence" aria-label="Viewing this board">
      {viewers.map((viewer) => (
        <li key={viewer.id} className="presence-user" title={viewer.display_name}>
          <span className="presence-avatar" data-tone={tone(viewer.id)} aria-hidden="true">{initials(viewer.display_name)}</span>
          <span className="presence-name">{viewer.display_name}</span>
        </li>
      ))}
    </ul>
  );
}
