/** Islands on the server-rendered board page. With JavaScript on, the interactive board
 * takes over the filter bar and the columns the server rendered, starting from the board's
 * JSON embedded in the page (no request before the first paint; a big board's is fetched);
 * the side panel gets the live dashboard and activity, and remembers whether it was
 * closed. With JavaScript off none of this runs and the page's forms do the work. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, startTransition, Suspense, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { boardQuery } from "../features/board/api/boardQuery";
import { boardKeys } from "../features/board/api/keys";
import { rememberDetails } from "../features/board/model/panel";
import { api, unwrap, type Board } from "../lib/api";
import { offerBrowserZone, setAccountZone } from "../lib/viewer";
import { BoardIsland } from "./BoardIsland";
import { promptEffectsAfterInput } from "../lib/effects";
import { whenIdle } from "../lib/idle";

// The asides beside the board come in a chunk of their own, fetched while the board is drawn:
// the islands' first load is the board alone (budget: scripts/compress.mjs).
const loadPanel = () =>
  Promise.all([
    import("../features/board/components/Dashboard").then((m) => m.Dashboard),
    import("./BoardActivity").then((m) => m.BoardActivity),
  ]);
// The toasts' region too, as on the SPA (app/Layout.tsx): no toast can come before someone
// acted on the board.
const Toaster = lazy(() => import("../lib/Toaster").then((m) => ({ default: m.Toaster })));

const data = document.getElementById("board-data");
const boardRoot = document.getElementById("board-island");
const dashboardRoot = document.getElementById("dashboard-island");
const activityRoot = document.getElementById("activity-island");
const panel = document.querySelector<HTMLDetailsElement>("#side-panel > details");

if (data?.textContent && boardRoot) {
  promptEffectsAfterInput();
  // A big board's JSON is not in the page ("null": megabytes its columns do not need):
  // fetched, while the server's columns are in use as they are without JavaScript.
  const embedded = JSON.parse(data.textContent) as Board | null;
  const boardId = Number(boardRoot.dataset.boardId);
  if (panel) rememberDetails(panel);
  // Dates read in the account's zone (the page names it); an account without one gets
  // the browser's, once per session, and the pages use it from then on.
  const zone = boardRoot.dataset.timeZone || null;
  setAccountZone(zone);
  offerBrowserZone(zone, (browser) => unwrap(api.PATCH("/api/v1/me", { body: { time_zone: browser } })));
  // One cache for both islands: a move on the board shows on the dashboard at once.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
  // In a task of its own, after the one that ran this module: on a phone's CPU each is
  // long enough on its own. (Under Preact a transition runs at once; the board staggers its
  // own first render, hooks/useStaggered.ts.)
  const start = () =>
    setTimeout(() => startTransition(() => mount(boardId, boardRoot, dashboardRoot, activityRoot, queryClient)), 0);
  if (embedded) {
    queryClient.setQueryData(boardKeys.detail(boardId), embedded);
    start();
  } else {
    // Failing, the page stays as it works without JavaScript.
    queryClient.query(boardQuery(boardId)).then(start, () => undefined);
  }
}

function mount(
  boardId: number,
  boardRoot: HTMLElement,
  dashboardRoot: HTMLElement | null,
  activityRoot: HTMLElement | null,
  queryClient: QueryClient,
) {
  const island = (root: HTMLElement | null, content: ReactNode) =>
    root && createRoot(root).render(<QueryClientProvider client={queryClient}>{content}</QueryClientProvider>);
  // The server's board goes in the same task as the island draws its own (Preact renders at
  // once): Preact would otherwise diff the island into the server's elements, which cost a
  // phone's CPU more than making its own (Lighthouse's blocking time ~450 -> ~320 ms).
  boardRoot.replaceChildren();
  island(boardRoot, <BoardIsland boardId={boardId} />);
  // The toasts' live region (lib/toast.ts): the board's moves offer Undo there.
  island(
    document.body.appendChild(document.createElement("div")),
    <Suspense fallback={null}>
      <Toaster />
    </Suspense>,
  );
  // The side panel's islands once the board is drawn and their code is here (the server's
  // panel shows meanwhile, never an empty one), fetched now: the page may be offline later.
  void loadPanel().then(
    ([Dashboard, BoardActivity]) =>
      whenIdle(() => {
        island(dashboardRoot, <Dashboard boardId={boardId} />);
        island(activityRoot, <BoardActivity boardId={boardId} />);
      }),
    () => undefined, // the server's panel stays
  );
}
