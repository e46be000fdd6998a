/** This tab's writes to a board as TanStack Query keeps them: one scope per board, so that
 * they reach the server one after another in the order they were made; paused while the
 * device is offline (the default network mode) and resumed, in that order, when it is back
 * (QueryClient resumes paused mutations on `online`). Nothing here queues by hand. */
import { onlineManager, useMutationState, useQueryClient, type Mutation, type QueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { MoveVars } from "./moveCard";
import { boardKeys } from "./keys";
import { pendingCards, refusalMessage, type PendingChange } from "../model/pending";

type Kind = PendingChange["kind"];

/** Each write's mutation options that make it part of the board's queue. */
export function boardWrite(boardId: number, kind: Kind) {
  return {
    mutationKey: boardKeys.writes(boardId, kind),
    scope: { id: `board-${boardId}` },
    // Runs at once, offline too: whether the change had to wait, kept with the mutation.
    onMutate: (): Queued => ({ queued: !onlineManager.isOnline() }),
  };
}

export interface Queued {
  queued: boolean;
}

/** What each kind of write is called with (the fields a PendingChange needs). */
export interface WriteVars {
  move: MoveVars;
  add: { columnId: number; title: string };
  /** `title`: the card's title as the person saw it, to name it. */
  edit: { cardId: number; changes: { title?: string | null }; title?: string };
  comment: { cardId: number; body: string; title?: string };
}

/** A write as the board shows it, or null for one that does not change how it looks. */
export function changeOf(mutation: Mutation): PendingChange | null {
  const key = mutation.options.mutationKey;
  const kind = key?.[3] as Kind | undefined;
  const queued = (mutation.state.context as Queued | undefined)?.queued ?? false;
  const base = { id: mutation.mutationId, queued };
  const vars = mutation.state.variables;
  switch (kind) {
    case "move": {
      const v = vars as WriteVars["move"];
      return { ...base, kind, move: { cardId: v.cardId, columnId: v.columnId, index: v.index }, title: v.title };
    }
    case "add": {
      const v = vars as WriteVars["add"];
      return { ...base, kind, columnId: v.columnId, title: v.title };
    }
    case "edit": {
      const v = vars as WriteVars["edit"];
      return { ...base, kind, cardId: v.cardId, title: v.changes.title ?? undefined, was: v.title };
    }
    case "comment": {
      const v = vars as WriteVars["comment"];
      return { ...base, kind, cardId: v.cardId, body: v.body, title: v.title };
    }
    default:
      return null;
  }
}

const nonNull = <T,>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null);

/** The board's writes on their way, oldest first (outside React: tests). */
export function pendingChanges(qc: QueryClient, boardId: number): PendingChange[] {
  return nonNull(qc.getMutationCache().findAll({ mutationKey: boardKeys.writes(boardId), status: "pending" }).map(changeOf));
}

/** The board's writes on their way, oldest first. */
export function usePendingChanges(boardId: number): PendingChange[] {
  const changes = useMutationState({ filters: { mutationKey: boardKeys.writes(boardId), status: "pending" }, select: changeOf });
  return useMemo(() => nonNull(changes), [changes]);
}

/** The cards marked "pending" on the board. */
export function usePendingCards(boardId: number): ReadonlySet<number> {
  const changes = usePendingChanges(boardId);
  return useMemo(() => pendingCards(changes), [changes]);
}

export interface Refusal {
  id: number;
  message: string;
}

/** A failed write made offline: which, and why (null for any other write). */
export function refusalOf(mutation: Mutation): Refusal | null {
  const change = changeOf(mutation);
  return change?.queued && mutation.state.status === "error"
    ? { id: change.id, message: refusalMessage(change, mutation.state.error) }
    : null;
}

/** Writes made offline that the server refused once they were sent: which, and why. They
 * are kept (as failed mutations) until the person dismisses them. */
export function useRefusals(boardId: number): { refusals: Refusal[]; dismiss: (id: number) => void } {
  const qc = useQueryClient();
  const failed = useMutationState({ filters: { mutationKey: boardKeys.writes(boardId), status: "error" }, select: refusalOf });
  const refusals = useMemo(() => nonNull(failed), [failed]);
  const dismiss = useCallback(
    (id: number) => {
      const cache = qc.getMutationCache();
      const mutation = cache.getAll().find((m) => m.mutationId === id);
      if (mutation) cache.remove(mutation);
    },
    [qc],
  );
  return { refusals, dismiss };
}

/** Versions this tab's own writes produced, per card (rebase): few, and dropped oldest first. */
const produced = new WeakMap<QueryClient, Map<number, Map<number, number>>>();
const KEPT_CARDS = 200;

export function ownSteps(qc: QueryClient, cardId: number): ReadonlyMap<number, number> | undefined {
  return produced.get(qc)?.get(cardId);
}

/** Remembers that this tab's write moved `cardId` from version `from` to `to`. */
export function wrote(qc: QueryClient, cardId: number, from: number, to: number): void {
  let cards = produced.get(qc);
  if (!cards) produced.set(qc, (cards = new Map<number, Map<number, number>>()));
  const steps = cards.get(cardId) ?? new Map<number, number>();
  cards.delete(cardId); // re-inserted last: the most recently written card
  cards.set(cardId, steps.set(from, to));
  if (cards.size > KEPT_CARDS) cards.delete(cards.keys().next().value ?? cardId);
}
