/** A ref that puts the focus on an element as it appears: a field opened for editing, a
 * dialog's safe button. (The autofocus attribute works only once per page load, so
 * elements rendered later need this.) */
export function focusOnMount(node: HTMLElement | null): void {
  node?.focus();
}

/** The same for a field opened with a suggested text (a new checklist's "Checklist"): its
 * text selected, so that typing replaces it. */
export function selectOnMount(node: HTMLInputElement | null): void {
  node?.focus();
  node?.select();
}
