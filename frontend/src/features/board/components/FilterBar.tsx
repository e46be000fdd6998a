/** The filter bar: text, label, assignee, due. The same form as the server's page
 * (templates/boards/_filters.html), but it filters the live board in place as you type or
 * choose: the board keeps every card, the columns show the matching ones. */
import type { FormEvent } from "react";
import type { Board } from "../../../lib/api";
import { DUE_CHOICES, isFiltering, NO_FILTER, type Due, type Filter } from "../model/filter";

interface Props {
  board: Board;
  filter: Filter;
  onChange: (filter: Filter) => void;
  /** How many cards match, shown while filtering. */
  shown: number;
}

const idOf = (value: string) => (value ? Number(value) : null);

export function FilterBar({ board, filter, onChange, shown }: Props) {
  const set = (change: Partial<Filter>) => onChange({ ...filter, ...change });
  const submit = (event: FormEvent) => event.preventDefault(); // it filters as you type
  return (
    <form className="filters" role="search" aria-label="Filter cards" onSubmit={submit}>
      <div className="field filter-text">
        <label htmlFor="filter-q" className="visually-hidden">Text</label>
        <input
          id="filter-q" name="q" type="search" value={filter.q} maxLength={200} placeholder="Filter cards…" data-filter-input
          onChange={(e) => set({ q: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-label" className="visually-hidden">Label</label>
        <select id="filter-label" name="label" value={filter.label ?? ""} onChange={(e) => set({ label: idOf(e.target.value) })}>
          <option value="">Any label</option>
          {board.labels.map((label) => <option key={label.id} value={label.id}>{label.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-assignee" className="visually-hidden">Assignee</label>
        <select id="filter-assignee" name="assignee" value={filter.assignee ?? ""} onChange={(e) => set({ assignee: idOf(e.target.value) })}>
          <option value="">Anyone</option>
          {board.members.map((m) => <option key={m.user_id} value={m.user_id}>{m.display_name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-due" className="visually-hidden">Due</label>
        <select id="filter-due" name="due" value={filter.due ?? ""} onChange={(e) => set({ due: (e.target.value || null) as Due | null })}>
          <option value="">Any due date</option>
          {DUE_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
        </select>
      </div>
      {isFiltering(filter) && (
        <div className="filter-actions">
          <button type="button" className="small secondary" onClick={() => onChange(NO_FILTER)}>Clear</button>
          <p className="filter-count" role="status">Showing {shown} matching card{shown === 1 ? "" : "s"}.</p>
        </div>
      )}
    </form>
  );
}
