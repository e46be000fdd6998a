import { useLayoutEffect, useRef } from "react";

/** The board's keyboard shortcuts (hooks/useBoardShortcuts.ts), the same on the SPA and
 * the server's board page; `?` opens and closes it, Escape closes it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useModal();
  return (
    <dialog ref={ref} className="keys-dialog shortcut-help" aria-label="Keyboard shortcuts" onClose={onClose}>
      <div className="dialog-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="secondary small" onClick={onClose}>Close</button>
      </div>
      <dl className="details">
        <dt><kbd>/</kbd></dt><dd>filter the cards</dd>
        <dt><kbd>n</kbd></dt><dd>new card, in the column of the card you are on (else the first)</dd>
        <dt><kbd>c</kbd></dt><dd>new column</dd>
        <dt><kbd>←</kbd> <kbd>↑</kbd> <kbd>→</kbd> <kbd>↓</kbd></dt><dd>go from card to card: up and down a column, left and right across columns</dd>
        <dt><kbd>Enter</kbd></dt><dd>open the card</dd>
        <dt><kbd>e</kbd></dt><dd>edit the card’s title (<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels)</dd>
        <dt><kbd>m</kbd></dt><dd>move the card to… (a column and a position)</dd>
        <dt><kbd>Space</kbd> on a handle</dt><dd>pick up a card or a column; the arrow keys move it, <kbd>Space</kbd> drops it, <kbd>Esc</kbd> cancels</dd>
        <dt><kbd>s</kbd> / <kbd>b</kbd></dt><dd>board settings / back to your boards</dd>
        <dt><kbd>r</kbd></dt><dd>reload the board</dd>
        <dt><kbd>?</kbd></dt><dd>show or hide this list</dd>
        <dt><kbd>Esc</kbd></dt><dd>close a dialog</dd>
      </dl>
    </dialog>
  );
}

/** A <dialog> shown modal while mounted (focus kept inside, Escape closes it). Opened as
 * it is committed, not after the next paint: a key pressed right after the one that opened
 * it (Escape) goes to the dialog. */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}
