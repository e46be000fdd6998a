/** Toasts: short messages at the bottom of the screen, most with an "Undo" button, shown by
 * the SPA and the islands after an action that can be taken back (archive, delete, move,
 * member removal). The store is plain TypeScript (tested without a DOM); `Toaster.tsx`
 * shows it in one live region.
 *
 * Each toast goes after `durationMs` (~8 s), the time a person needs to notice it and
 * reach its button; hovering or focusing the toasts pauses every timer (WCAG 2.2.1), and
 * leaving them gives each its remaining time back. The server keeps a deletion for longer
 * (30 s, boards/trash.py), so an Undo pressed at the last moment still works. */

export interface ToastAction {
  label: string;
  /** What the button does; a rejection is told in a toast of its own. */
  run: () => Promise<unknown>;
}

export interface Toast {
  id: number;
  message: string;
  action?: ToastAction;
  /** "error" for a failure (the region still says it politely). */
  tone: "info" | "error";
}

export interface ToastOptions {
  action?: ToastAction;
  tone?: Toast["tone"];
  durationMs?: number;
}

export const TOAST_MS = 8_000;
/** More than this and the oldest goes: a stack must not cover the board. */
export const MAX_TOASTS = 3;

interface Timer {
  remaining: number;
  started: number;
  handle: ReturnType<typeof setTimeout> | null;
}

export class ToastStore {
  private list: Toast[] = [];
  private timers = new Map<number, Timer>();
  private listeners = new Set<() => void>();
  private nextId = 1;
  private paused = false;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The toasts now, oldest first (a stable array between changes, for React). */
  current = (): Toast[] => this.list;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  show(message: string, options: ToastOptions = {}): number {
    const id = this.nextId++;
    const toast: Toast = { id, message, tone: options.tone ?? "info", ...(options.action ? { action: options.action } : {}) };
    this.list = [...this.list, toast];
    for (const old of this.list.slice(0, Math.max(0, this.list.length - MAX_TOASTS))) this.drop(old.id);
    this.timers.set(id, { remaining: options.durationMs ?? TOAST_MS, started: this.now(), handle: null });
    if (!this.paused) this.start(id);
    this.emit();
    return id;
  }

  dismiss(id: number): void {
    if (!this.list.some((t) => t.id === id)) return;
    this.drop(id);
    this.emit();
  }

  /** Hover or focus on the toasts: every timer stops where it is. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    const now = this.now();
    for (const timer of this.timers.values()) {
      if (timer.handle !== null) clearTimeout(timer.handle);
      timer.handle = null;
      timer.remaining = Math.max(0, timer.remaining - (now - timer.started));
    }
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const id of this.timers.keys()) this.start(id);
  }

  /** Press a toast's button: it goes at once, and a failure is told. */
  async act(id: number): Promise<void> {
    const toast = this.list.find((t) => t.id === id);
    if (!toast?.action) return;
    this.dismiss(id);
    try {
      await toast.action.run();
    } catch (error) {
      this.show(error instanceof Error ? error.message : "That could not be undone.", { tone: "error" });
    }
  }

  private start(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    timer.started = this.now();
    timer.handle = setTimeout(() => this.dismiss(id), timer.remaining);
  }

  private drop(id: number): void {
    const timer = this.timers.get(id);
    if (timer?.handle) clearTimeout(timer.handle);
    this.timers.delete(id);
    this.list = this.list.filter((t) => t.id !== id);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The tab's one store: the SPA and the islands each mount one `Toaster` that shows it. */
export const toasts = new ToastStore();

/** "Card archived. Undo": the hook for every undoable action (the card dialog's comment
 * delete calls it too). `undo` does the inverse; it may throw to say why it cannot. */
export function showUndo(message: string, undo: () => Promise<unknown>, store: ToastStore = toasts): number {
  return store.show(message, { action: { label: "Undo", run: undo } });
}

/** A short message with no button (an undo done, or refused). */
export function showNotice(message: string, tone: Toast["tone"] = "info", store: ToastStore = toasts): number {
  return store.show(message, { tone });
}
