import { useSyncExternalStore } from "react";
import { toasts as tabToasts, type ToastStore } from "./toast";
import "./toast.css";

/** The toasts of lib/toast.ts in one polite live region (announced without moving focus),
 * fixed at the bottom of the screen. Its buttons are in the page's tab order; hovering or
 * focusing the region holds every toast until the pointer or focus leaves. */
export function Toaster({ store = tabToasts }: { store?: ToastStore }) {
  const list = useSyncExternalStore(store.subscribe, store.current);
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
