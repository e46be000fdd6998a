/** A small live dashboard: cards per column, per label and per assignee as labelled bars
 * (name, bar, count), and how many are overdue. It reads the same cached board as the
 * board, so it follows every change at once; it counts the whole board, filtered or not. */
import { useBoard } from "../api/board";
import { summarise } from "../model/summary";
import "./dashboard.css";

interface Row {
  id: number;
  name: string;
  count: number;
  color?: string;
}

export function Dashboard({ boardId }: { boardId: number }) {
  const board = useBoard(boardId);
  if (!board.data) return null;
  const s = summarise(board.data);
  return (
    <section className="panel dashboard-panel" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Dashboard</h2>
      <p className="dashboard-totals">
        <span><strong data-total>{s.total}</strong> card{s.total === 1 ? "" : "s"}</span>
        <span className={s.overdue ? "overdue" : undefined}><strong data-overdue>{s.overdue}</strong> overdue</span>
      </p>
      <Bars title="Cards per column" rows={s.columns} empty="No columns" columns />
      <Bars title="By label" rows={s.labels} empty="No labels" />
      <Bars title="By assignee" rows={s.people} empty="No members" />
    </section>
  );
}

function Bars({ title, rows, empty, columns = false }: { title: string; rows: Row[]; empty: string; columns?: boolean }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table className="dashboard-table">
      <caption>{title}</caption>
      <tbody>
        {rows.length === 0 && <tr><td className="empty">{empty}</td></tr>}
        {rows.map((r) => (
          <tr key={r.id} data-column-count={columns ? r.name : undefined}>
            <th scope="row" title={r.name}>{r.name}</th>
            <td>
              {/* Presentation attributes, not styles: CSP style-src 'self' allows them. */}
              <svg className="dashboard-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect width={Math.max(1, (r.count / max) * 100)} height="10" rx="2" fill={r.color} />
              </svg>
              {r.count}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
