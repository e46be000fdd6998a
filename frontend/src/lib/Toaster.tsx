import { useEffect, useSyncExternalStore } from "react";
import { toasts as tabToasts, type ToastStore } from "./toast";
import "./toast.css";

// A modal dialog shows a copy of its own (the rest of the page is inert while it is open):
// meanwhile the page's copy stays empty, so that each toast is on the page, and announced, once.
let modalCopies = 0;
const copyListeners = new Set<() => void>();
const modalCopiesStore = {
  subscribe: (listener: () => void) => {
    copyListeners.add(listener);
    return () => void copyListeners.delete(listener);
  },
  current: () => modalCopies,
};
function countModalCopy(delta: number) {
  modalCopies += delta;
  for (const listener of copyListeners) listener();
}

/** The toasts of lib/toast.ts in one polite live region (announced without moving focus),
 * fixed at the bottom of the screen. Its buttons are in the page's tab order; hovering or
 * focusing the region holds every toast until the pointer or focus leaves. */
export function Toaster({ store = tabToasts, modal = false }: { store?: ToastStore; modal?: boolean }) {
  useEffect(() => {
    if (!modal) return;
    countModalCopy(1);
    return () => countModalCopy(-1);
  }, [modal]);
  const covered = useSyncExternalStore(modalCopiesStore.subscribe, modalCopiesStore.current) > 0 && !modal;
  const all = useSyncExternalStore(store.subscribe, store.current);
  const list = covered ? [] : all;
  return (
    <div
      className="toasts"
      role="status"
      aria-live="polite"
      aria-label="Notifications"
      onMouseEnter={() => store.pause()}
      onMouseLeave={() => store.resume()}
      onFocus={() => store.pause()}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) store.resume();
      }}
    >
      {list.map((toast) => (
        <div key={toast.id} className={`toast${toast.tone === "error" ? " toast-error" : ""}`}>
          <p>{toast.message}</p>
          {toast.action && (
            <button type="button" className="toast-action" onClick={() => void store.act(toast.id)}>
              {toast.action.label}
            </button>
          )}
          <button type="button" className="toast-close link-button" aria-label="Dismiss" onClick={() => store.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
