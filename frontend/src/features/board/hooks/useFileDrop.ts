/** Files dragged from the desktop onto a card's tile are added to that card: on the SPA's
 * board and on the islands' alike. One set of listeners on the columns (delegation), not
 * one per tile; a drag of cards (dnd-kit's pointer events) carries no files and is left
 * alone. The tile under the files is marked while they hover; each upload's outcome is
 * told in a toast, and the tile's file count follows from the upload's event. */
import { useEffect, type RefObject } from "react";

const OVER = "file-over";

export function useFileDrop(root: RefObject<HTMLElement | null>, enabled: boolean) {
  useEffect(() => {
    const element = root.current;
    if (!element || !enabled) return;
    let marked: Element | null = null;
    const mark = (tile: Element | null) => {
      if (tile === marked) return;
      marked?.classList.remove(OVER);
      tile?.classList.add(OVER);
      marked = tile;
    };
    const tileOf = (event: DragEvent) =>
      event.target instanceof Element ? event.target.closest("[data-card-id]:not([data-pending])") : null;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      const tile = tileOf(event);
      mark(tile);
      if (!tile) return; // not over a card: the browser's own "no drop here"
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const onDragLeave = (event: DragEvent) => {
      // Leaving for a child of the same tile is no leaving.
      const to = event.relatedTarget instanceof Element ? event.relatedTarget.closest("[data-card-id]") : null;
      if (to !== marked) mark(null);
    };
    const onDrop = (event: DragEvent) => {
      const tile = tileOf(event);
      mark(null);
      if (!carriesFiles(event) || !tile) return;
      event.preventDefault();
      const cardId = Number((tile as HTMLElement).dataset.cardId);
      const title = tile.querySelector(".card-title")?.textContent.trim() ?? "the card";
      const files = [...(event.dataTransfer?.files ?? [])];
      // The sending, and its words, come in a chunk of their own when first needed.
      void import("./fileUploads").then(({ send }) => {
        for (const file of files) void send(cardId, title, file);
      });
    };
    element.addEventListener("dragover", onDragOver);
    element.addEventListener("dragleave", onDragLeave);
    element.addEventListener("drop", onDrop);
    return () => {
      mark(null);
      element.removeEventListener("dragover", onDragOver);
      element.removeEventListener("dragleave", onDragLeave);
      element.removeEventListener("drop", onDrop);
    };
  }, [root, enabled]);
}
