import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../../lib/api";
import { useRequestPasswordReset } from "../api/requestPasswordReset";

/** Asks for a reset link; the link itself opens the server's page to choose the password. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const request = useRequestPasswordReset();
  const fieldError = request.error instanceof ApiError ? request.error.fields.email : undefined;
  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate(email);
  }
  return (
    <div className="narrow-page">
      <h1>Forgot your password?</h1>
      <p>Tell us the address you log in with: we will send it a link to choose a new password. It works for one hour.</p>
      {request.isSuccess && <div className="flash flash-info" role="status">{request.data.detail}</div>}
      {request.error && !fieldError && <div className="form-error" role="alert">{request.error.message}</div>}
      <form onSubmit={submit} className="panel">
        <div className={`field${fieldError ? " has-error" : ""}`}>
          <label htmlFor="forgot-email">E-mail</label>
          <input
            id="forgot-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "forgot-email-error" : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {fieldError && <p className="field-error" id="forgot-email-error">{fieldError}</p>}
        </div>
        <button type="submit" disabled={request.isPending}>Send me a link</button>
      </form>
      <p>
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </div>
  );
}
