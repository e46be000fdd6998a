import { useParams } from "react-router";
import { ActivityPage } from "../features/activity/components/ActivityPage";
import { useBoard } from "../features/board/api/board";

/** The activity page names columns, members and cards from the board (one feature each). */
export function BoardActivityPage() {
  const boardId = Number(useParams().boardId);
  return <ActivityPage boardId={boardId} board={useBoard(boardId).data} />;
}
