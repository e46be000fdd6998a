/** What a tile shows besides its title, the same as the server's tile (boards/_card_tile.html):
 * label chips with names, the due date as the viewer reads it, marks for a description and
 * comments, the assignees' avatars. */
import { initials, colourClass } from "../../../lib/avatars";
import { due, today } from "../../../lib/dates";
import { useViewerZone } from "../../../lib/viewer";
import type { Schemas } from "../../../lib/api";

type Label = Schemas["LabelRead"];
type Member = Schemas["MemberRead"];

export function LabelChip({ label }: { label: Label }) {
  return (
    <span className="chip" title={label.name}>
      <svg className="chip-dot" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
        <circle cx="5" cy="5" r="5" fill={label.color} />
      </svg>
      <span className="chip-name">{label.name}</span>
    </span>
  );
}

/** "Tomorrow", "2 days overdue" against today in the viewer's zone, coloured by urgency. */
export function DueChip({ day }: { day: string }) {
  const zone = useViewerZone();
  const d = due(day, today(new Date(), zone));
  return (
    <time className={`due due-${d.urgency}`} dateTime={day} title={d.full}>
      <span aria-hidden="true">{d.text}</span>
      <span className="visually-hidden">{d.spoken}</span>
    </time>
  );
}

export function Avatar({ member }: { member: Member }) {
  return (
    <span className={`avatar ${colourClass(member.user_id)}`} title={member.display_name}>
      <span aria-hidden="true">{initials(member.display_name)}</span>
      <span className="visually-hidden">{member.display_name}</span>
    </span>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function TileMeta({ dueDate, hasDescription, comments, checklist, files, people }: {
  dueDate: string | null;
  hasDescription: boolean;
  comments: number;
  /** Checklist items done, of how many (no mark without any). */
  checklist: { done: number; total: number };
  /** How many files are attached. */
  files: number;
  people: Member[];
}) {
  if (!dueDate && !hasDescription && !comments && !checklist.total && !files && people.length === 0) return null;
  const complete = checklist.total > 0 && checklist.done === checklist.total;
  return (
    <div className="tile-meta">
      {dueDate && <DueChip day={dueDate} />}
      {hasDescription && (
        <span className="tile-icon" title="Has a description">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2 3h12M2 7h12M2 11h8" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" />
          </svg>
          <span className="visually-hidden">Has a description</span>
        </span>
      )}
      {comments > 0 && (
        <span className="tile-icon" title={plural(comments, "comment")}>
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" stroke="currentColor" strokeWidth="1.4" fill="none" strokeLinejoin="round" />
          </svg>
          {comments}
          <span className="visually-hidden"> {comments === 1 ? "comment" : "comments"}</span>
        </span>
      )}
      {files > 0 && (
        <span className="tile-icon" title={plural(files, "file")}>
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M10.5 4.5l-5 5a1.8 1.8 0 0 0 2.5 2.5l5.2-5.2a3 3 0 0 0-4.3-4.3L3.7 7.7a4.2 4.2 0 0 0 6 6l4-4" stroke="currentColor" strokeWidth="1.3" fill="none" strokeLinecap="round" />
          </svg>
          {files}
          <span className="visually-hidden"> {files === 1 ? "file" : "files"}</span>
        </span>
      )}
      {checklist.total > 0 && (
        <span className={`tile-icon tile-checklist${complete ? " tile-checklist-done" : ""}`} title={`Checklist: ${checklist.done} of ${checklist.total} done`}>
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="2" y="2" width="12" height="12" rx="2.5" stroke="currentColor" strokeWidth="1.4" fill="none" />
            <path d="M5 8.2l2 2 4-4.4" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {checklist.done}/{checklist.total}
          <span className="visually-hidden"> checklist items done</span>
        </span>
      )}
      {people.length > 0 && (
        <span className="avatars">
          <span className="visually-hidden">Assigned to </span>
          {people.map((p) => (
            <Avatar key={p.user_id} member={p} />
          ))}
        </span>
      )}
    </div>
  );
}
