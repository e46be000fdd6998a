import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../../lib/api";
import { described, FieldError } from "../../../lib/FieldError";
import { useLogIn } from "../api/logIn";
import { useSignUp } from "../api/signUp";
import { ProviderLogIn } from "./ProviderLogIn";
import { SecondStep } from "./SecondStep";

function errorText(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 401) return "Wrong e-mail or password.";
  if (error instanceof TypeError) return "The server cannot be reached; try again.";
  return error instanceof Error ? error.message : "Something went wrong.";
}

function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fields : {};
}

export function LogInPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Two-factor log-in: the password was right and the code comes next.
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const logIn = useLogIn();
  const errors = fieldErrors(logIn.error);
  const navigate = useNavigate();
  const next = (useLocation().state as { from?: string } | null)?.from ?? "/";
  const done = () => void navigate(next, { replace: true });
  function submit(event: FormEvent) {
    event.preventDefault();
    logIn.mutate(
      { email, password },
      {
        onSuccess: (result) => {
          if (result.mfaToken) setMfaToken(result.mfaToken);
          else done();
        },
      },
    );
  }
  if (mfaToken) {
    const restart = () => {
      setMfaToken(null);
      setPassword("");
      logIn.reset();
    };
    return (
      <div className="narrow-page">
        <h1>Two-factor log-in</h1>
        <SecondStep mfaToken={mfaToken} onDone={done} onRestart={restart} />
      </div>
    );
  }
  return (
    <div className="narrow-page">
      <h1>Log in</h1>
      {logIn.error && !Object.keys(errors).length && <div className="form-error" role="alert">{errorText(logIn.error)}</div>}
      {/* noValidate: the server's words for every field at once, not the browser's one by one */}
      <form onSubmit={submit} className="panel" noValidate>
        <div className={`field${errors.email ? " has-error" : ""}`}>
          <label htmlFor="login-email">E-mail</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} {...described("login-email", errors.email)} />
          <FieldError id="login-email" message={errors.email} />
        </div>
        <div className={`field${errors.password ? " has-error" : ""}`}>
          <label htmlFor="login-password">Password</label>
          <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} {...described("login-password", errors.password)} />
          <FieldError id="login-password" message={errors.password} />
        </div>
        <button type="submit" disabled={logIn.isPending}>Log in</button>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
      <ProviderLogIn verb="Log in" />
      <p>
        No account yet? <Link to="/signup">Sign up</Link>
      </p>
    </div>
  );
}

export function SignUpPage() {
  const [form, setForm] = useState({ display_name: "", email: "", password: "" });
  const signUp = useSignUp();
  const navigate = useNavigate();
  const errors = fieldErrors(signUp.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    signUp.mutate(form, { onSuccess: () => void navigate("/", { replace: true }) });
  }
  const field = (name: keyof typeof form, label: string, type: string, autoComplete: string) => (
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={`signup-${name}`}>{label}</label>
      <input
        id={`signup-${name}`}
        type={type}
        autoComplete={autoComplete}
        required
        value={form[name]}
        {...described(`signup-${name}`, errors[name])}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <FieldError id={`signup-${name}`} message={errors[name]} />
    </div>
  );
  return (
    <div className="narrow-page">
      <h1>Create an account</h1>
      {signUp.error && !Object.keys(errors).length && <div className="form-error" role="alert">{errorText(signUp.error)}</div>}
      <form onSubmit={submit} className="panel" noValidate>
        {field("display_name", "Display name", "text", "name")}
        {field("email", "E-mail", "email", "email")}
        {field("password", "Password", "password", "new-password")}
        <button type="submit" disabled={signUp.isPending}>Sign up</button>
      </form>
      <ProviderLogIn verb="Sign up" />
      <p>
        Have an account? <Link to="/login">Log in</Link>
      </p>
    </div>
  );
}
