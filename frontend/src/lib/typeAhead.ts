/** What is typed between a key that opens a field and the field taking the focus: search's
 * (`/`, Ctrl-K), a card title's (`e`). Their code is a chunk of its own, fetched at the
 * first opening, and search's field is focused only after the frame that draws it: someone
 * who types at once would lose the first letters to the page (and to its own single-key
 * shortcuts). They are kept here instead, and the field starts with them. */
import { useEffect, useMemo, useRef } from "react";

export interface TypeAhead {
  /** The text typed so far; the keys go to the page again from then on. (Asked again, the
   * same text: a render may be run twice.) */
  stop(): string;
}

/** Starts keeping the keys; `onEscape` if Escape is pressed before the field is there
 * (the field is not wanted after all: nothing is kept). */
export function typeAhead(onEscape: () => void): TypeAhead {
  let text = "";
  const onKey = (event: KeyboardEvent) => {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      stop();
      onEscape();
    } else if (event.key === "Backspace") {
      text = text.slice(0, -1);
    } else if (!/^.$/u.test(event.key)) {
      return; // Tab, the arrows, Enter…: the page's
    } else {
      text += event.key;
    }
    // Before the page's own listeners (captured at the document): the keys are search's.
    event.preventDefault();
    event.stopPropagation();
  };
  const stop = () => {
    document.removeEventListener("keydown", onKey, true);
    return text;
  };
  document.addEventListener("keydown", onKey, true);
  return { stop };
}

/** A component's type-ahead: `start` at the opening key (ending one still running), `stop`
 * when the field takes the focus, which gives what was typed (the field's `typedAhead`).
 * Ended with the component too: a capture left running would take every key. */
export function useTypeAhead(): { start: (onEscape: () => void) => void; stop: () => string } {
  const kept = useRef<TypeAhead | null>(null);
  useEffect(() => () => void kept.current?.stop(), []);
  return useMemo(
    () => ({
      start(onEscape: () => void) {
        kept.current?.stop();
        kept.current = typeAhead(onEscape);
      },
      stop: () => kept.current?.stop() ?? "",
    }),
    [],
  );
}
