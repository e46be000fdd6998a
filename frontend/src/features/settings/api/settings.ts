// One file per call would be five near-identical files here; these are the settings
// page's calls, each with its own hook.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

type Role = Schemas["Role"];
const settingsKey = (boardId: number) => ["board-settings", boardId] as const;

export const boardSettingsQuery = (boardId: number) =>
  queryOptions({
    queryKey: settingsKey(boardId),
    queryFn: async () => {
      const path = { params: { path: { board_id: boardId } } };
      const [board, members, labels] = await Promise.all([
        unwrap(api.GET("/api/v1/boards/{board_id}", path)),
        unwrap(api.GET("/api/v1/boards/{board_id}/members", path)),
        unwrap(api.GET("/api/v1/boards/{board_id}/labels", path)),
      ]);
      return { board, members, labels };
    },
  });

export const useBoardSettings = (boardId: number) => useQuery(boardSettingsQuery(boardId));

function useSettingsMutation<V, R>(boardId: number, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: settingsKey(boardId) });
      void qc.invalidateQueries({ queryKey: ["board", boardId] });
      void qc.invalidateQueries({ queryKey: ["boards"] });
    },
  });
}

const onBoard = (boardId: number) => ({ params: { path: { board_id: boardId } } });

export const useUpdateBoard = (boardId: number) =>
  useSettingsMutation(boardId, (body: Schemas["BoardUpdate"]) =>
    unwrap(api.PATCH("/api/v1/boards/{board_id}", { ...onBoard(boardId), body })),
  );

export const useDeleteBoard = (boardId: number) =>
  useSettingsMutation(boardId, () => unwrap(api.DELETE("/api/v1/boards/{board_id}", onBoard(boardId))));

export const useAddMember = (boardId: number) =>
  useSettingsMutation(boardId, (body: { email: string; role: Role }) =>
    unwrap(api.POST("/api/v1/boards/{board_id}/members", { ...onBoard(boardId), body })),
  );

export const useChangeMember = (boardId: number) =>
  useSettingsMutation(boardId, (v: { userId: number; role: Role }) =>
    unwrap(
      api.PATCH("/api/v1/boards/{board_id}/members/{user_id}", {
        params: { path: { board_id: boardId, user_id: v.userId } },
        body: { role: v.role },
      }),
    ),
  );

export const useRemoveMember = (boardId: number) =>
  useSettingsMutation(boardId, (userId: number) =>
    unwrap(
      api.DELETE("/api/v1/boards/{board_id}/members/{user_id}", {
        params: { path: { board_id: boardId, user_id: userId } },
      }),
    ),
  );

export const useCreateLabel = (boardId: number) =>
  useSettingsMutation(boardId, (body: { name: string; color: string }) =>
    unwrap(api.POST("/api/v1/boards/{board_id}/labels", { ...onBoard(boardId), body })),
  );

export const useDeleteLabel = (boardId: number) =>
  useSettingsMutation(boardId, (labelId: number) =>
    unwrap(api.DELETE("/api/v1/labels/{label_id}", { params: { path: { label_id: labelId } } })),
  );
