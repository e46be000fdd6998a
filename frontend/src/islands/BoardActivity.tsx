import { ActivityFeed } from "../features/activity/components/ActivityFeed";
import { useBoard } from "../features/board/api/board";

/** The feed names columns and members from the board the other island keeps current. */
export function BoardActivity({ boardId }: { boardId: number }) {
  return <ActivityFeed boardId={boardId} board={useBoard(boardId).data} />;
}
