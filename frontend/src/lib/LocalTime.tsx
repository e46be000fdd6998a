import { localTime } from "./dates";
import { useViewerZone } from "./viewer";

/** A time as the pages show it, in the viewer's zone, to the minute: "Dec 12, 14:05".
 * `children` replaces the text (e.g. "3 minutes ago"), the exact time then in the title. */
export function LocalTime({ iso, className, children }: { iso: string; className?: string; children?: string }) {
  const text = localTime(iso, useViewerZone());
  return (
    <time className={className} dateTime={iso} title={children ? text : undefined}>
      {children ?? text}
    </time>
  );
}
