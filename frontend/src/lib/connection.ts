/** The words of the connection indicator, from what the tab knows of its network and of its
 * live socket. Pure, so that every combination is tested (connection.test.ts). */

export type Connection = "live" | "connecting" | "reconnecting" | "offline" | "none";

export interface ConnectionFacts {
  /** The browser says the device has a network (TanStack's onlineManager). */
  online: boolean;
  /** The server said it offers no live updates (the board is read, not pushed). */
  declined: boolean;
  /** The board's subscription is confirmed on the open socket: its events arrive. */
  watching: boolean;
  /** A socket opened before and is down now: this is a reconnection, not the first try. */
  reopening: boolean;
}

export function connectionOf({ online, declined, watching, reopening }: ConnectionFacts): Connection {
  if (!online) return "offline";
  if (declined) return "none";
  if (watching) return "live";
  return reopening ? "reconnecting" : "connecting";
}

/** What the indicator says, and what it says to whoever asks for more (its title). */
export const connectionWords: Record<Connection, { label: string; detail: string }> = {
  live: { label: "Live", detail: "Changes by others appear as they happen." },
  connecting: { label: "Connecting…", detail: "Opening the live connection to the board." },
  reconnecting: {
    label: "Reconnecting…",
    detail: "The live connection dropped; what others changed meanwhile appears once it is back.",
  },
  offline: {
    label: "Offline",
    detail: "Your changes are kept, marked pending, and sent when you are back online.",
  },
  none: { label: "", detail: "" },
};
