import { useNavigate } from "react-router";
import { useAcceptInvitation } from "../api/acceptInvitation";
import { useDeclineInvitation } from "../api/declineInvitation";
import { useMyInvitations } from "../api/myInvitations";

const AS = { viewer: "a viewer", editor: "an editor", owner: "an owner" } as const;

/** The invitations to the user's verified address, to accept (and open the board) or
 * decline. Nothing at all when there are none. */
export function MyInvitations() {
  const invitations = useMyInvitations();
  const accept = useAcceptInvitation();
  const decline = useDeclineInvitation();
  const navigate = useNavigate();
  const busy = accept.isPending || decline.isPending;
  const error = accept.error ?? decline.error;
  if (!invitations.data?.length) return null;
  return (
    <section className="panel" aria-labelledby="my-invitations-title">
      <h2 id="my-invitations-title">Invitations</h2>
      {error && <p className="form-error" role="alert">{error.message}</p>}
      <ul className="invitation-list">
        {invitations.data.map((invitation) => (
          <li key={invitation.id}>
            <p>
              <strong>{invitation.invited_by?.display_name ?? "An owner"}</strong> invited you to{" "}
              <strong>“{invitation.board_name}”</strong> as {AS[invitation.role]}.{" "}
              <span className="muted">Expires {new Date(invitation.expires_at).toLocaleDateString()}.</span>
            </p>
            <div className="actions">
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => accept.mutate(invitation.id, { onSuccess: (board) => void navigate(`/boards/${board.id}`) })}
              >
                Accept<span className="visually-hidden"> the invitation to {invitation.board_name}</span>
              </button>
              <button type="button" className="small secondary" disabled={busy} onClick={() => decline.mutate(invitation.id)}>
                Decline<span className="visually-hidden"> the invitation to {invitation.board_name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
