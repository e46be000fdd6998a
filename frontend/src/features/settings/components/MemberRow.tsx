import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Schemas } from "../../../lib/api";
import { showUndo } from "../../../lib/toast";
import { useChangeMember } from "../api/changeMember";
import { useRemoveMember } from "../api/removeMember";
import { restoreMember } from "../api/restoreMember";

type Role = Schemas["Role"];
const ROLES: Role[] = ["viewer", "editor", "owner"];

/** One member. The role select only chooses; "Save role" changes it (WCAG 3.2.2: going
 * through the options with the arrow keys must not change anything). Remove offers Undo. */
export function MemberRow({ boardId, member, editable }: { boardId: number; member: Schemas["MemberRead"]; editable: boolean }) {
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>(member.role);
  const change = useChangeMember(boardId);
  const remove = useRemoveMember(boardId);
  const error = change.error ?? remove.error;
  return (
    <tr>
      <td>{member.display_name}</td>
      <td>{member.email}</td>
      <td>
        {editable ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate({ userId: member.user_id, role });
            }}
          >
            <select aria-label={`Role of ${member.display_name}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>{" "}
            <button type="submit" className="small secondary" disabled={role === member.role || change.isPending}>
              Save role<span className="visually-hidden"> of {member.display_name}</span>
            </button>
          </form>
        ) : (
          member.role
        )}
        {error && <div className="form-error" role="alert">{error.message}</div>}
      </td>
      {editable && (
        <td>
          <button
            type="button"
            className="small secondary"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(member.user_id, {
                onSuccess: () =>
                  showUndo(`${member.display_name} removed from the board.`, () => restoreMember(qc, boardId, member.user_id)),
              })
            }
          >
            Remove<span className="visually-hidden"> {member.display_name}</span>
          </button>
        </td>
      )}
    </tr>
  );
}
