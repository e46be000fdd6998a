/** Where the user is logged in, each revocable but this browser (log out for that). */
import { useState } from "react";
import { timeAgo } from "../../../lib/dates";
import { useRevokeSession } from "../api/revokeSession";
import { useSessions } from "../api/sessions";

export function Sessions() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const [revoked, setRevoked] = useState(false);
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Active sessions</h2>
      {sessions.isPending && <p className="muted" role="status">Loading sessions…</p>}
      {sessions.error && <p className="field-error" role="alert">Could not load the sessions: {sessions.error.message}</p>}
      {revoked && !revoke.error && <p className="flash flash-success" role="status">Session ended.</p>}
      {revoke.error && <p className="field-error" role="alert">The session could not be ended: {revoke.error.message}</p>}
      {sessions.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Browsers where you are logged in</caption>
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">Address</th>
                <th scope="col">Last seen</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.user_agent || "Unknown browser"}{s.current && <> <strong className="badge">This browser</strong></>}</td>
                  <td>{s.ip_address}</td>
                  <td><time dateTime={s.last_seen_at}>{timeAgo(s.last_seen_at)}</time></td>
                  <td>
                    {!s.current && (
                      <button
                        type="button"
                        className="small danger"
                        disabled={revoke.isPending}
                        onClick={() => {
                          setRevoked(false);
                          revoke.mutate(s.id, { onSuccess: () => setRevoked(true) });
                        }}
                      >
                        Revoke<span className="visually-hidden"> the session in {s.user_agent || "an unknown browser"}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
