/** Route-level code splitting: the pages the first screen rarely is (log-in, settings, the
 * card dialog) and the board itself come in chunks of their own, fetched when first shown,
 * so that the entry holds only the shell, the board list and what they share. The board's
 * chunk (with dnd-kit) is fetched at start-up when the address is a board's, side by side
 * with the session check, so that opening a board directly waits for nothing more. */
import { type ComponentType, lazy, Suspense } from "react";

type Loader = () => Promise<ComponentType>;

/** One fetch per chunk, however often it is asked for. */
function once(load: Loader): Loader {
  let started: Promise<ComponentType> | undefined;
  return () => (started ??= load());
}

function page(load: Loader, fallback: React.ReactNode) {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  return function Page() {
    return (
      <Suspense fallback={fallback}>
        <Lazy />
      </Suspense>
    );
  };
}

const loading = <p className="muted" role="status">Loading…</p>;

const loadBoard = once(() => import("../features/board/components/BoardView").then((m) => m.BoardView));
export const BoardView = page(loadBoard, <p className="muted" role="status">Loading the board…</p>);
if (/\/boards\/\d+\/?(cards\/\d+\/?)?$/.test(window.location.pathname)) void loadBoard();

export const BoardActivityPage = page(
  once(() => import("./BoardActivity").then((m) => m.BoardActivityPage)),
  loading,
);
export const CardDialog = page(
  once(() => import("../features/board/components/CardDialog").then((m) => m.CardDialog)),
  null,
);
export const LogInPage = page(
  once(() => import("../features/auth/components/AuthForms").then((m) => m.LogInPage)),
  loading,
);
export const SignUpPage = page(
  once(() => import("../features/auth/components/AuthForms").then((m) => m.SignUpPage)),
  loading,
);
export const ForgotPasswordPage = page(
  once(() => import("../features/auth/components/ForgotPassword").then((m) => m.ForgotPasswordPage)),
  loading,
);
export const SettingsPage = page(
  once(() => import("../features/settings/components/SettingsPage").then((m) => m.SettingsPage)),
  loading,
);
export const NotificationSettingsPage = page(
  once(() =>
    import("../features/settings/components/NotificationSettingsPage").then((m) => m.NotificationSettingsPage),
  ),
  loading,
);
