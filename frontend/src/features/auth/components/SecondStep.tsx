/** The second step of a log-in for an account with two-factor log-in: the code from the
 * authenticator app (or a recovery code) with the token the first step answered. */
import { useState, type FormEvent } from "react";
import { ApiError } from "../../../lib/api";
import { AuthError } from "../../../lib/auth";
import { useCompleteMfa } from "../api/completeMfa";

function codeErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return "This log-in took too long or was already finished; start again.";
  if (error instanceof ApiError) return error.fields.code ?? error.message;
  if (error instanceof AuthError && error.status === 401) return "This log-in took too long or was already finished; start again.";
  if (error instanceof TypeError) return "The server cannot be reached; try again.";
  return error instanceof Error ? error.message : "Something went wrong.";
}

export function SecondStep({ mfaToken, onDone, onRestart }: { mfaToken: string; onDone: () => void; onRestart: () => void }) {
  const [code, setCode] = useState("");
  const complete = useCompleteMfa();
  function submit(event: FormEvent) {
    event.preventDefault();
    complete.mutate({ mfaToken, code }, { onSuccess: onDone });
  }
  const error = complete.error ? codeErrorText(complete.error) : null;
  return (
    <>
      {error && <div className="form-error" role="alert">{error}</div>}
      <form onSubmit={submit} className="panel">
        <div className={`field${error ? " has-error" : ""}`}>
          <label htmlFor="login-code">Authentication code</label>
          <input
            id="login-code"
            autoComplete="one-time-code"
            required
            maxLength={32}
            value={code}
            aria-describedby="login-code-hint"
            aria-invalid={error ? true : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
          <p className="hint" id="login-code-hint">The 6-digit code your authenticator app shows, or one of your recovery codes.</p>
        </div>
        <button type="submit" disabled={complete.isPending}>Verify</button>
      </form>
      <p>
        <button type="button" className="secondary" onClick={onRestart}>Start again</button>
      </p>
    </>
  );
}
