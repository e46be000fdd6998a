/** Islands on the server-rendered board page. With JavaScript on, the interactive board
 * takes over the columns the server rendered, starting from the board's JSON embedded in
 * the page (no request before the first paint), and a live dashboard appears beside it.
 * With JavaScript off none of this runs and the page's forms do the work. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import { ActivityFeed } from "../features/activity/components/ActivityFeed";
import { useBoard } from "../features/board/api/board";
import { boardKeys } from "../features/board/api/keys";
import { api, unwrap, type Board } from "../lib/api";
import { offerBrowserZone, setAccountZone } from "../lib/viewer";
import { BoardIsland } from "./BoardIsland";
import { Dashboard } from "./Dashboard";

/** The feed names columns and members from the board the other island keeps current. */
function BoardActivity({ boardId }: { boardId: number }) {
  return <ActivityFeed boardId={boardId} board={useBoard(boardId).data} />;
}

const data = document.getElementById("board-data");
const boardRoot = document.getElementById("board-island");
const dashboardRoot = document.getElementById("dashboard-island");
const activityRoot = document.getElementById("activity-island");

if (data?.textContent && boardRoot) {
  const board = JSON.parse(data.textContent) as Board;
  // Dates read in the account's zone (the page names it); an account without one gets
  // the browser's, once per session, and the pages use it from then on.
  const zone = boardRoot.dataset.timeZone || null;
  setAccountZone(zone);
  offerBrowserZone(zone, (browser) => unwrap(api.PATCH("/api/v1/me", { body: { time_zone: browser } })));
  // One cache for both islands: a move on the board shows on the dashboard at once.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
  queryClient.setQueryData(boardKeys.detail(board.id), board);
  createRoot(boardRoot).render(
    <QueryClientProvider client={queryClient}>
      <BoardIsland boardId={board.id} />
    </QueryClientProvider>,
  );
  if (dashboardRoot) {
    dashboardRoot.hidden = false;
    createRoot(dashboardRoot).render(
      <QueryClientProvider client={queryClient}>
        <Dashboard boardId={board.id} />
      </QueryClientProvider>,
    );
  }
  if (activityRoot) {
    activityRoot.hidden = false;
    createRoot(activityRoot).render(
      <QueryClientProvider client={queryClient}>
        <BoardActivity boardId={board.id} />
      </QueryClientProvider>,
    );
  }
}
