import { useQueryClient } from "@tanstack/react-query";
import { Component, lazy, Suspense, useEffect, type ReactNode } from "react";
import { Link, NavLink, Navigate, Outlet, useLocation } from "react-router";
import { useLogOut } from "../features/auth/api/logOut";
import { useMe } from "../features/auth/api/me";
import { saveTimeZone } from "../features/auth/api/saveTimeZone";
import { VerifyBanner } from "../features/auth/components/VerifyBanner";
import { NotificationsMenu } from "../features/notifications/components/NotificationsMenu";
import { bearer, SPLIT_ORIGIN } from "../lib/api";
import { AccountMenu } from "./AccountMenu";
import { AdminPage } from "./pages";
import { CSRF_COOKIE, readCookie } from "../lib/auth";
import { offerBrowserZone, setAccountZone } from "../lib/viewer";
import { PageSkeleton } from "../lib/Skeleton";

/** Whether this browser holds a session, before the server has said whose. */
function holdsSession(): boolean {
  return bearer ? bearer.hasSession : readCookie(document.cookie, CSRF_COOKIE) !== null;
}

// The toasts' region (lib/Toaster.tsx) in a chunk of its own, fetched right after the first
// screen: no toast can come before a page has loaded its own chunk and someone acted.
const Toaster = lazy(() => import("../lib/Toaster").then((m) => ({ default: m.Toaster })));
// Search as well: its button and keys (Ctrl-K, `/`) come in a chunk fetched at once, beside
// the page's; its dialog, in another, when first opened. The header keeps the button's room,
// and is whole without it if the chunk cannot be fetched.
const SearchLauncher = lazy(() =>
  import("../features/search/components/SearchLauncher").then(
    (m): { default: () => React.ReactNode } => ({ default: m.SearchLauncher }),
    () => ({ default: () => null }),
  ),
);

export function Layout() {
  const me = useMe();
  const logOut = useLogOut();
  // While the session check runs, a visitor with a session sees the signed-in header at
  // once (the name follows): the header keeps its height and nothing below it moves.
  const signedIn = me.data != null || (me.isPending && holdsSession());
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="site-header">
        <Link className="brand" to="/">
          <svg className="brand-mark" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
            <rect x="1" y="1" width="6" height="20" rx="2" /><rect x="8" y="1" width="6" height="13" rx="2" /><rect x="15" y="1" width="6" height="8" rx="2" />
          </svg>
          Teamboard
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul>
            {signedIn ? (
              <>
                <li className="search-slot">
                  <Suspense fallback={null}>
                    <SearchLauncher />
                  </Suspense>
                </li>
                <li><NavLink to="/" end>Boards</NavLink></li>
                <li><NotificationsMenu signedIn /></li>
                <li>
                  <AccountMenu
                    userId={me.data?.id}
                    name={me.data?.display_name}
                    isAdmin={me.data?.is_admin ?? false}
                    onLogOut={() => logOut.mutate()}
                  />
                </li>
              </>
            ) : (
              <>
                <li><NavLink to="/login">Log in</NavLink></li>
                <li><NavLink to="/signup">Sign up</NavLink></li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="page wide">
        {me.data && <VerifyBanner user={me.data} />}
        <Outlet />
      </main>
      <Suspense fallback={null}>
        <Toaster />
      </Suspense>
      <footer className="site-footer">
        <p>Teamboard — a collaborative task board.{!SPLIT_ORIGIN && <> <a href="/boards">Plain pages</a> · <a href="/docs">JSON API</a></>}</p>
      </footer>
    </>
  );
}

/** Pages behind log-in: wait for the session check, else go to log-in and come back. */
export function RequireUser() {
  const me = useMe();
  const location = useLocation();
  const qc = useQueryClient();
  const user = me.data;
  useEffect(() => {
    if (!user) return;
    // Dates read in the account's zone; an account without one gets the browser's.
    setAccountZone(user.time_zone ?? null);
    offerBrowserZone(user.time_zone, (zone) => saveTimeZone(qc, zone));
  }, [user, qc]);
  if (me.isPending) return <PageSkeleton />;
  if (me.error) return <div className="flash flash-error" role="alert">The server cannot be reached: {me.error.message}</div>;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}

/** The admin page, for administrators (the API refuses anyone else as well). */
export function AdminRoute() {
  const me = useMe();
  if (!me.data) return null; // RequireUser is waiting for it
  if (!me.data.is_admin) return <div className="flash flash-error" role="alert">Only administrators can see this page. <Link to="/">Back to your boards</Link></div>;
  return <AdminPage selfId={me.data.id} />;
}

/** Anything a page throws while rendering: a message and a way back, not a blank page.
 * Going to another address tries again. */
export function RouteError({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <ErrorBoundary at={pathname}>{children}</ErrorBoundary>;
}

class ErrorBoundary extends Component<{ at: string; children: ReactNode }, { error: unknown; at: string }> {
  override state = { error: null as unknown, at: this.props.at };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { at: string }, state: { error: unknown; at: string }) {
    return props.at === state.at ? null : { error: null, at: props.at };
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <main id="main" className="page">
        <div className="error-page" role="alert">
          <p className="error-status">Error</p>
          <h1>Something went wrong</h1>
          <p>{error instanceof Error ? error.message : "The page could not be shown."}</p>
          <p><a href={import.meta.env.BASE_URL}>Back to your boards</a></p>
        </div>
      </main>
    );
  }
}

export function NotFound() {
  return (
    <div className="error-page">
      <p className="error-status">404</p>
      <h1>Nothing here</h1>
      <p><Link to="/">Back to your boards</Link></p>
    </div>
  );
}
