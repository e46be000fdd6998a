/** A small live dashboard: cards per column (a bar chart), per label and per assignee, and
 * how many are overdue. It reads the same cached board as the board island. */
import { useBoard } from "../features/board/api/board";
import { summarise } from "../features/board/model/summary";
import "./dashboard.css";

const BAR = 18;

export function Dashboard({ boardId }: { boardId: number }) {
  const board = useBoard(boardId);
  if (!board.data) return null;
  const s = summarise(board.data);
  const max = Math.max(1, ...s.columns.map((c) => c.count));
  const height = s.columns.length * (BAR + 6);
  return (
    <section className="panel dashboard-panel" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Dashboard</h2>
      <p className="dashboard-totals">
        <span><strong data-total>{s.total}</strong> card{s.total === 1 ? "" : "s"}</span>
        <span className={s.overdue ? "overdue" : undefined}><strong data-overdue>{s.overdue}</strong> overdue</span>
      </p>
      <div className="dashboard-body">
      <figure className="dashboard-chart">
        <svg width="100%" height={height} viewBox={`0 0 300 ${height}`} preserveAspectRatio="none" role="img" aria-label="Cards per column">
          {s.columns.map((c, i) => (
            <rect key={c.id} className="bar" x="0" y={i * (BAR + 6)} height={BAR} width={Math.max(2, (c.count / max) * 300)} rx="3" />
          ))}
        </svg>
        <figcaption>
          <h3>Cards per column</h3>
          <table className="dashboard-table">
            <caption className="visually-hidden">Cards per column</caption>
            <tbody>
              {s.columns.map((c) => (
                <tr key={c.id} data-column-count={c.name}><th scope="row">{c.name}</th><td>{c.count}</td></tr>
              ))}
            </tbody>
          </table>
        </figcaption>
      </figure>
        <Tally title="By label" rows={s.labels} empty="No labels" />
        <Tally title="By assignee" rows={s.people} empty="No members" />
      </div>
    </section>
  );
}

function Tally({ title, rows, empty }: { title: string; rows: { id: number; name: string; count: number }[]; empty: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? <p className="empty">{empty}</p> : (
        <table className="dashboard-table">
          <tbody>{rows.map((r) => <tr key={r.id}><th scope="row">{r.name}</th><td>{r.count}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}
