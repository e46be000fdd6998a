/** Someone else changed a field while it was being edited: who, to what, and the two ways
 * on (keep what I typed, over their version; or take theirs). */
import type { Conflict } from "../../model/conflict";

interface Props {
  conflict: Conflict;
  label: string;
  id: string;
  onKeep: () => void;
  onTake: () => void;
}

export function ConflictNotice({ conflict, label, id, onKeep, onTake }: Props) {
  return (
    <div className="cv-conflict" role="alert" id={id}>
      <p>
        <strong>{conflict.by}</strong> changed the {label} to{" "}
        {conflict.theirs ? (
          <>
            “<span className="cv-theirs">{conflict.theirs}</span>”
          </>
        ) : (
          "nothing"
        )}
        .
      </p>
      <div className="cv-choices">
        <button type="button" className="small" onClick={onKeep}>
          Keep mine<span className="visually-hidden"> ({label})</span>
        </button>
        <button type="button" className="small secondary" onClick={onTake}>
          Take theirs<span className="visually-hidden"> ({label})</span>
        </button>
      </div>
    </div>
  );
}
