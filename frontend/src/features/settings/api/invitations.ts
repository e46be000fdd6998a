import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { onBoard } from "./mutation";
import { settingsKeys } from "./keys";

/** The board's pending invitations, newest first: owners only (`enabled` for them). */
export const boardInvitationsQuery = (boardId: number) =>
  queryOptions({
    queryKey: settingsKeys.invitations(boardId),
    queryFn: () => unwrap(api.GET("/api/v1/boards/{board_id}/invitations", onBoard(boardId))),
  });

export const useBoardInvitations = (boardId: number, enabled: boolean) =>
  useQuery({ ...boardInvitationsQuery(boardId), enabled });
