import { useSendVerificationEmail } from "../api/sendVerificationEmail";
import type { User } from "../api/me";

/** Until the account's address is proven: where the link went, and a way to ask again. */
export function VerifyBanner({ user }: { user: User }) {
  const send = useSendVerificationEmail();
  if (user.email_verified) return null;
  return (
    <div className="notice verify-banner" role="region" aria-label="Confirm your address">
      <p>
        Please confirm your address, <strong>{user.email}</strong>, with the link we mail to it.
        {send.isSuccess && <span role="status"> {send.data.detail}</span>}
        {send.error && <span role="alert"> {send.error.message}</span>}
      </p>
      <button type="button" className="small secondary" disabled={send.isPending} onClick={() => send.mutate()}>
        Send me the link
      </button>
    </div>
  );
}
