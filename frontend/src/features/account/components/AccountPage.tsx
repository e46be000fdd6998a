/** The account in the SPA: display name, e-mail change, password, sessions; two-factor
 * log-in and linked providers stay on the server's account page (linked from here). */
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { API_URL, ApiError } from "../../../lib/api";
import { useChangePassword } from "../api/changePassword";
import { useProfile, type Profile } from "../api/profile";
import { useUpdateProfile } from "../api/updateProfile";
import { Sessions } from "./Sessions";

export function AccountPage() {
  const profile = useProfile();
  return (
    <>
      <p className="crumbs"><Link to="/">Boards</Link> /</p>
      <h1>Your account</h1>
      {profile.isPending && <p className="muted" role="status">Loading your account…</p>}
      {profile.error && <div className="flash flash-error" role="alert">Could not load your account: {profile.error.message}</div>}
      {profile.data && (
        <>
          <div className="grid-2">
            <NameForm profile={profile.data} />
            <EmailForm profile={profile.data} />
          </div>
          <PasswordForm />
          <section className="panel" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">Two-factor log-in</h2>
            <p>
              {profile.data.two_factor_enabled
                ? "On: logging in asks for a code from your authenticator app."
                : "Off: your password alone logs you in."}{" "}
              <a href={`${API_URL}/account/two-factor`}>Set up or change two-factor log-in</a> and linked log-in
              providers on the <a href={`${API_URL}/account`}>account page</a>.
            </p>
          </section>
          <Sessions />
        </>
      )}
    </>
  );
}

/** A form's errors: each field's own, and what belongs to no field. */
function errorsOf(error: Error | null): { fields: Record<string, string>; other: string | null } {
  if (!error) return { fields: {}, other: null };
  const fields = error instanceof ApiError ? error.fields : {};
  return { fields, other: Object.keys(fields).length ? null : error.message };
}

function NameForm({ profile }: { profile: Profile }) {
  const [name, setName] = useState(profile.display_name);
  const update = useUpdateProfile();
  const { fields, other } = errorsOf(update.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ display_name: name });
  }
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="account-name">Display name</label>
          <input id="account-name" type="text" required maxLength={100} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={fields.display_name ? true : undefined} aria-describedby={fields.display_name ? "account-name-error" : undefined} />
          {fields.display_name && <p className="field-error" id="account-name-error">{fields.display_name}</p>}
        </div>
        {update.isSuccess && <p className="flash flash-success" role="status">Profile saved.</p>}
        {other && <p className="field-error" role="alert">{other}</p>}
        <button type="submit" disabled={update.isPending}>Save profile</button>
      </form>
    </section>
  );
}

function EmailForm({ profile }: { profile: Profile }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const update = useUpdateProfile();
  const { fields, other } = errorsOf(update.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ email, current_password: password || null }, { onSuccess: () => setPassword("") });
  }
  return (
    <section className="panel" aria-labelledby="email-title">
      <h2 id="email-title">E-mail address</h2>
      <p>Your address is <strong>{profile.email}</strong>.</p>
      {profile.pending_email && (
        <p className="notice" role="status" id="pending-email">
          Waiting for you to confirm <strong>{profile.pending_email}</strong>: open the link we sent there (it works for 24 hours). Until then your address stays {profile.email}.
        </p>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="account-email">New e-mail address</label>
          <input id="account-email" type="email" required maxLength={320} autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="account-email-hint" />
          <p className="hint" id="account-email-hint">It is used once you open the link we send to it.</p>
          {fields.email && <p className="field-error">{fields.email}</p>}
        </div>
        <div className="field">
          <label htmlFor="account-email-password">Current password</label>
          <input id="account-email-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="account-email-password-hint" />
          <p className="hint" id="account-email-password-hint">Leave it empty if you log in through a linked provider (then within minutes of logging in).</p>
          {fields.current_password && <p className="field-error">{fields.current_password}</p>}
        </div>
        {other && <p className="field-error" role="alert">{other}</p>}
        <button type="submit" disabled={update.isPending}>Send the confirmation link</button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useChangePassword();
  const { fields, other } = errorsOf(change.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  }
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="account-current-password">Current password</label>
          <input id="account-current-password" type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          {fields.current_password && <p className="field-error">{fields.current_password}</p>}
        </div>
        <div className="field">
          <label htmlFor="account-new-password">New password</label>
          <input id="account-new-password" type="password" required minLength={8} autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="account-new-password-hint" />
          <p className="hint" id="account-new-password-hint">At least 8 characters. Your other sessions will be ended.</p>
          {fields.new_password && <p className="field-error">{fields.new_password}</p>}
        </div>
        {change.isSuccess && <p className="flash flash-success" role="status">Password changed. Your other sessions were ended.</p>}
        {other && <p className="field-error" role="alert">{other}</p>}
        <button type="submit" disabled={change.isPending}>Change password</button>
      </form>
    </section>
  );
}
