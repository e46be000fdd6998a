import { queryOptions } from "@tanstack/react-query";
import { api, unwrap, type Board } from "../../../lib/api";
import { boardKeys } from "./keys";

/** The board as the server has it: changed by its events only (hooks/useLiveBoard.ts). A
 * module of its own, for the entries that ask for it before the board's code has come. */
export const boardQuery = (boardId: number) =>
  queryOptions({
    queryKey: boardKeys.detail(boardId),
    queryFn: (): Promise<Board> =>
      unwrap(api.GET("/api/v1/boards/{board_id}", { params: { path: { board_id: boardId } } })),
  });
