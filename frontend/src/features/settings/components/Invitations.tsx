import { useState, type FormEvent } from "react";
import { ApiError, type Schemas } from "../../../lib/api";
import { useBoardInvitations } from "../api/invitations";
import { useInvite } from "../api/invite";
import { useRevokeInvitation } from "../api/revokeInvitation";

type Role = Schemas["Role"];
const ROLES: Role[] = ["viewer", "editor", "owner"];

/** An owner's invitations: the form that mails one, and the pending ones to revoke. */
export function Invitations({ boardId }: { boardId: number }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [sent, setSent] = useState<Schemas["InvitationSent"] | null>(null);
  const pending = useBoardInvitations(boardId, true);
  const invite = useInvite(boardId);
  const revoke = useRevokeInvitation(boardId);
  const fields = invite.error instanceof ApiError ? invite.error.fields : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    invite.mutate({ email, role }, { onSuccess: (answer) => { setSent(answer); setEmail(""); } });
  }
  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <form className="row-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="invite-email">E-mail address</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          {fields.email && <p className="field-error">{fields.email}</p>}
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </div>
        <button type="submit" className="small" disabled={invite.isPending}>Send invitation</button>
      </form>
      <p className="hint">They get an e-mail with a link to accept, with or without an account yet, and become a member once they do. Invitations last 14 days.</p>
      {sent && <p className="flash flash-success" role="status">Invitation to join as {sent.role} sent to {sent.email}.</p>}
      {invite.error && !fields.email && <p className="form-error" role="alert">{invite.error.message}</p>}
      {revoke.error && <p className="form-error" role="alert">{revoke.error.message}</p>}
      <h3>Pending</h3>
      {pending.isPending && <p className="muted">Loading invitations…</p>}
      {pending.error && <p className="form-error" role="alert">Could not load the invitations: {pending.error.message}</p>}
      {pending.data?.length === 0 && <p className="muted">No pending invitations.</p>}
      {pending.data && pending.data.length > 0 && (
        <ul className="invitation-list" aria-label="Pending invitations">
          {pending.data.map((invitation) => (
            <li key={invitation.id}>
              <p>
                <strong>{invitation.email}</strong> as {invitation.role}
                <span className="muted"> · expires {new Date(invitation.expires_at).toLocaleDateString()}</span>
              </p>
              <button type="button" className="small danger" disabled={revoke.isPending} onClick={() => revoke.mutate(invitation.id)}>
                Revoke<span className="visually-hidden"> the invitation of {invitation.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
