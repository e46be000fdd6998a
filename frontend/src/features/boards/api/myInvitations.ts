import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { boardsKeys } from "./keys";

/** Pending invitations to the signed-in user's address, once it is verified. */
export const myInvitationsQuery = () =>
  queryOptions({
    queryKey: boardsKeys.invitations,
    queryFn: () => unwrap(api.GET("/api/v1/me/invitations")),
  });

export const useMyInvitations = () => useQuery(myInvitationsQuery());
