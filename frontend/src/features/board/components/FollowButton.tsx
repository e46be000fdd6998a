/** The card dialog's Follow / Unfollow button: a follower is notified of every new comment. */
import { useFollow } from "../api/follow";
import { useSetFollow } from "../api/setFollow";

export function FollowButton({ cardId }: { cardId: number }) {
  const follow = useFollow(cardId);
  const setFollow = useSetFollow(cardId);
  if (follow.error) return <p className="field-error">Could not tell whether you follow this card.</p>;
  const following = follow.data?.following ?? false;
  return (
    <div className="follow">
      <button
        type="button"
        className="secondary small"
        aria-pressed={following}
        disabled={follow.isPending || setFollow.isPending}
        onClick={() => setFollow.mutate(!following)}
      >
        {following ? "Unfollow" : "Follow"}
      </button>{" "}
      <span className="muted">{following ? "You are notified of every new comment." : "Follow to be notified of every new comment."}</span>
      {setFollow.error && <p className="field-error" role="alert">{setFollow.error.message}</p>}
    </div>
  );
}
