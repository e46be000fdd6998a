import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { sharedKeys } from "../../../lib/queryKeys";
import { authKeys } from "./keys";
import { switchUser, type User } from "./me";

const user = { id: 2, display_name: "Ada", email: "ada@example.com" } as User;

describe("switching users", () => {
  it("tells a mounted observer of `me` and drops everything else", () => {
    const qc = new QueryClient();
    qc.setQueryData(authKeys.me, null);
    qc.setQueryData(sharedKeys.boardLists, ["someone else's"]);
    const seen: unknown[] = [];
    const observer = new QueryObserver(qc, { queryKey: authKeys.me, queryFn: () => null, staleTime: Infinity });
    const stop = observer.subscribe((result) => seen.push(result.data));
    switchUser(qc, user);
    expect(seen.at(-1)).toEqual(user);
    expect(qc.getQueryData(sharedKeys.boardLists)).toBeUndefined();
    switchUser(qc, null);
    expect(seen.at(-1)).toBeNull();
    stop();
  });
});
