/** Every account, for administrators: deactivate (after a confirmation) or reactivate. The
 * mail log stays on the server's admin pages (linked from here). */
import { useState } from "react";
import { Link } from "react-router";
import { API_URL, ApiError } from "../../../lib/api";
import { timeAgo } from "../../../lib/dates";
import { useSetActive } from "../api/setActive";
import { PAGE_SIZE, useUsers, type Account } from "../api/users";
import "./admin.css";
import { focusOnMount } from "../../../lib/focusOnMount";

export function AdminPage({ selfId }: { selfId: number }) {
  const [offset, setOffset] = useState(0);
  const users = useUsers(offset);
  const [message, setMessage] = useState<string | null>(null);
  if (users.isPending) return <p className="muted" role="status">Loading the accounts…</p>;
  if (users.error) {
    const forbidden = users.error instanceof ApiError && users.error.status === 403;
    return (
      <div className="flash flash-error" role="alert">
        {forbidden ? "Only administrators can see this page." : `Could not load the accounts: ${users.error.message}`}{" "}
        <Link to="/">Back to your boards</Link>
      </div>
    );
  }
  const { items, total } = users.data;
  return (
    <>
      <p className="crumbs"><Link to="/">Boards</Link> /</p>
      <h1>Users</h1>
      <p><a href={`${API_URL}/admin/mail`}>Mail</a>: the messages Teamboard sent or is about to send.</p>
      <p>{total} account{total === 1 ? "" : "s"}. Deactivating an account ends all its sessions and tokens.</p>
      {message && <p className="flash flash-success" role="status">{message}</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">All user accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Status</th>
              <th scope="col">Joined</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((user) => (
              <UserRow key={user.id} user={user} self={user.id === selfId} onDone={setMessage} />
            ))}
          </tbody>
        </table>
      </div>
      {total > PAGE_SIZE && (
        <nav className="pager" aria-label="Pages of accounts">
          <button type="button" className="secondary small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</button>
          <span>{offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total}</span>
          <button type="button" className="secondary small" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</button>
        </nav>
      )}
    </>
  );
}

function UserRow({ user, self, onDone }: { user: Account; self: boolean; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const setActive = useSetActive();
  const change = (active: boolean) =>
    setActive.mutate(
      { userId: user.id, active },
      {
        onSuccess: () => {
          setConfirming(false);
          onDone(active ? `${user.display_name} can log in again.` : `${user.display_name} is deactivated and logged out everywhere.`);
        },
      },
    );
  return (
    <tr>
      <td className="clamp">{user.display_name}{user.is_admin && <> <span className="badge">admin</span></>}</td>
      <td className="clamp">{user.email}</td>
      <td>{user.is_active ? "Active" : "Deactivated"}</td>
      <td><time dateTime={user.created_at}>{timeAgo(user.created_at)}</time></td>
      <td>
        {self ? (
          <span className="muted">You</span>
        ) : confirming ? (
          <div className="confirm-row" role="group" aria-label={`Deactivate ${user.display_name}?`}>
            <span>Deactivate {user.display_name}? They are logged out everywhere.</span>
            <button type="button" className="small danger" disabled={setActive.isPending} onClick={() => change(false)}>
              Yes, deactivate<span className="visually-hidden"> {user.display_name}</span>
            </button>
            <button type="button" className="small secondary" onClick={() => setConfirming(false)} ref={focusOnMount}>
              Cancel
            </button>
          </div>
        ) : user.is_active ? (
          <button type="button" className="small danger" onClick={() => setConfirming(true)}>
            Deactivate<span className="visually-hidden"> {user.display_name}</span>
          </button>
        ) : (
          <button type="button" className="small" disabled={setActive.isPending} onClick={() => change(true)}>
            Reactivate<span className="visually-hidden"> {user.display_name}</span>
          </button>
        )}
        {setActive.error && <p className="field-error" role="alert">{setActive.error.message}</p>}
      </td>
    </tr>
  );
}
