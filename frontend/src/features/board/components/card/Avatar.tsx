/** A person as initials on a colour of their own: the tiles' palette (lib/avatars.ts),
 * shown beside the name it stands for, so hidden from screen readers. */
import { colourClass, initials } from "../../../../lib/avatars";

export function Avatar({ userId, name }: { userId: number; name: string }) {
  return (
    <span className={`avatar ${colourClass(userId)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
