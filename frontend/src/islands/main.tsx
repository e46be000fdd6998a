/** Islands on the server-rendered board page. With JavaScript on, the interactive board
 * takes over the filter bar and the columns the server rendered, starting from the board's
 * JSON embedded in the page (no request before the first paint); the side panel gets the
 * live dashboard and activity, and remembers whether it was closed. With JavaScript off
 * none of this runs and the page's forms do the work. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import { ActivityFeed } from "../features/activity/components/ActivityFeed";
import { useBoard } from "../features/board/api/board";
import { boardKeys } from "../features/board/api/keys";
import { Dashboard } from "../features/board/components/Dashboard";
import { rememberDetails } from "../features/board/model/panel";
import type { Board } from "../lib/api";
import { BoardIsland } from "./BoardIsland";

/** The feed names columns and members from the board the other island keeps current. */
function BoardActivity({ boardId }: { boardId: number }) {
  return <ActivityFeed boardId={boardId} board={useBoard(boardId).data} />;
}

const data = document.getElementById("board-data");
const boardRoot = document.getElementById("board-island");
const dashboardRoot = document.getElementById("dashboard-island");
const activityRoot = document.getElementById("activity-island");
const panel = document.querySelector<HTMLDetailsElement>("#side-panel > details");

if (data?.textContent && boardRoot) {
  const board = JSON.parse(data.textContent) as Board;
  if (panel) rememberDetails(panel);
  // One cache for the islands: a move on the board shows on the dashboard at once.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
  queryClient.setQueryData(boardKeys.detail(board.id), board);
  createRoot(boardRoot).render(
    <QueryClientProvider client={queryClient}>
      <BoardIsland boardId={board.id} />
    </QueryClientProvider>,
  );
  if (dashboardRoot) {
    createRoot(dashboardRoot).render(
      <QueryClientProvider client={queryClient}>
        <Dashboard boardId={board.id} />
      </QueryClientProvider>,
    );
  }
  if (activityRoot) {
    createRoot(activityRoot).render(
      <QueryClientProvider client={queryClient}>
        <BoardActivity boardId={board.id} />
      </QueryClientProvider>,
    );
  }
}
