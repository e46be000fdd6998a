/** How each kind of notification reaches the user by e-mail: at once, in the daily digest,
 * or not at all. In-app notifications stay as they are. */
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../../lib/api";
import { useNotificationSettings, type Delivery, type NotificationSettings } from "../api/notificationSettings";
import { useSaveNotificationSettings } from "../api/saveNotificationSettings";

const TOPICS: [keyof NotificationSettings, string, string][] = [
  ["mentions", "Mentions", "Someone mentions you in a comment."],
  ["assignments", "Assignments", "Someone assigns a card to you."],
  ["comments", "Comments on cards you follow", "You follow the cards you created, are assigned to or commented on, and those you pressed Follow on."],
  ["due_dates", "Due dates", "A card assigned to you is due today, or overdue."],
];
const OPTIONS: [Delivery, string][] = [
  ["immediately", "Immediately"],
  ["daily", "In the daily digest"],
  ["off", "Off"],
];

export function NotificationSettingsPage() {
  const settings = useNotificationSettings();
  return (
    <>
      <p className="crumbs"><Link to="/">Boards</Link> /</p>
      <h1>E-mail notifications</h1>
      <p>Choose how each kind of notification reaches you by e-mail. Notifications in Teamboard itself stay as they are. The daily digest comes once a day, with everything since the last one.</p>
      {settings.isPending && <p className="muted" role="status">Loading settings…</p>}
      {settings.error && <div className="flash flash-error" role="alert">Could not load the settings: {settings.error.message}</div>}
      {settings.data && <NotificationSettingsForm initial={settings.data} />}
    </>
  );
}

export function NotificationSettingsForm({ initial }: { initial: NotificationSettings }) {
  const [choices, setChoices] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useSaveNotificationSettings();
  const errors = save.error instanceof ApiError ? save.error.fields : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate(choices, { onSuccess: () => setSaved(true) });
  }
  return (
    <form onSubmit={submit} className="panel">
      {saved && <div className="flash flash-success" role="status">E-mail settings saved.</div>}
      {TOPICS.map(([topic, label, hint]) => (
        <fieldset key={topic} className="checks" aria-describedby={`notifications-${topic}-hint`}>
          <legend>{label}</legend>
          <p className="hint" id={`notifications-${topic}-hint`}>{hint}</p>
          {OPTIONS.map(([value, text]) => (
            <div className="check" key={value}>
              <input
                type="radio"
                id={`notifications-${topic}-${value}`}
                name={topic}
                value={value}
                checked={choices[topic] === value}
                onChange={() => {
                  setChoices({ ...choices, [topic]: value });
                  setSaved(false);
                }}
              />
              <label htmlFor={`notifications-${topic}-${value}`}>{text}</label>
            </div>
          ))}
          {errors[topic] && <p className="field-error">{errors[topic]}</p>}
        </fieldset>
      ))}
      {save.error && !Object.keys(errors).length && <p className="field-error" role="alert">{save.error.message}</p>}
      <button type="submit" disabled={save.isPending}>Save e-mail settings</button>
    </form>
  );
}
