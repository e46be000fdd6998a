/** Route-level code splitting: the pages the first screen rarely is (log-in, settings, the
 * card dialog), the board list and the board itself come in chunks of their own, fetched
 * when first shown, so that the entry holds only the shell and what the pages share. The
 * chunk of the page at the address (the board's with dnd-kit, or the board list's) is
 * fetched at start-up, side by side with the session check, so that opening it directly
 * waits for nothing more. */
import { type ComponentType, lazy, Suspense } from "react";
import type { Board } from "../lib/api";
import { BoardSkeleton, SettingsSkeleton } from "../lib/Skeleton";
import { PageSkeleton } from "../lib/Skeleton";

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

// A screen high, as the page it stands for: the footer stays out of sight meanwhile.
const loading = <PageSkeleton />;

const loadBoards = once(() => import("../features/boards/components/BoardsPage").then((m) => m.BoardsPage));
export const BoardsPage = page(loadBoards, loading);
if (new RegExp(`^${import.meta.env.BASE_URL}?$`).test(window.location.pathname)) void loadBoards();

// The board with its side panel's live activity (the activity feature's), in one chunk.
const loadBoard = once(() =>
  Promise.all([import("../features/board/components/BoardView"), import("../features/activity/components/ActivityFeed")]).then(
    ([{ BoardView }, { ActivityFeed }]) => {
      const activity = (boardId: number, board: Board) => <ActivityFeed boardId={boardId} board={board} />;
      return function BoardWithActivity() {
        return <BoardView activity={activity} />;
      };
    },
  ),
);
export const BoardView = page(
  loadBoard,
  <div className="loading-screen">
    <BoardSkeleton />
  </div>,
);
/** The id of the board the address opens, if it opens one: its code is fetched now, its
 * data by app/main.tsx once the session is known. */
export const openedBoardId = /\/boards\/(\d+)\/?(cards\/\d+\/?)?$/.exec(window.location.pathname)?.[1];
if (openedBoardId) void loadBoard();

export const BoardActivityPage = page(
  once(() => import("./BoardActivity").then((m) => m.BoardActivityPage)),
  loading,
);
export const CardDialog = page(
  once(() => import("../features/board/components/CardDialog").then((m) => m.CardDialog)),
  null,
);
export const ArchivedCards = page(
  once(() => import("../features/board/components/ArchivedCards").then((m) => m.ArchivedCards)),
  loading,
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
  <SettingsSkeleton />,
);
export const NotificationSettingsPage = page(
  once(() =>
    import("../features/settings/components/NotificationSettingsPage").then((m) => m.NotificationSettingsPage),
  ),
  loading,
);
export const AccountPage = page(
  once(() => import("../features/account/components/AccountPage").then((m) => m.AccountPage)),
  loading,
);

const LazyAdmin = lazy(() => import("../features/admin/components/AdminPage").then((m) => ({ default: m.AdminPage })));
export function AdminPage({ selfId }: { selfId: number }) {
  return (
    <Suspense fallback={loading}>
      <LazyAdmin selfId={selfId} />
    </Suspense>
  );
}
