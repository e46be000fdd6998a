/**
 * Loading skeletons instead of "Loading…": placeholders built from the same classes as
 * what comes (columns, tiles, panels), so the page keeps its shape when the data arrives.
 * Screen readers hear one status ("Loading the board"); the shapes are hidden from them.
 */
import type { ReactNode } from "react";
import "./skeleton.css";

/** A grey bar where a line of text or a field comes (exported, as Loading is, for the
 * shapes of a feature's own lists: the search hits'). */
export function Bar({ kind = "wide" }: { kind?: string }) {
  return <span className={`skeleton-bar ${kind}`} />;
}

/** One status for screen readers around shapes hidden from them. */
export function Loading({ what, children, className }: { what: string; children: ReactNode; className?: string }) {
  return (
    <div role="status" aria-busy="true" className={className}>
      <span className="visually-hidden">Loading {what}</span>
      <div aria-hidden="true">{children}</div>
    </div>
  );
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The board: its head, then three columns of tiles. */
export function BoardSkeleton() {
  return (
    <Loading what="the board">
      <div className="page-head">
        <div className="skeleton-head">
          <p className="crumbs"><Bar kind="short" /></p>
          <Bar kind="title" />
          <Bar kind="presence" />
        </div>
      </div>
      <div className="columns">
        {range(3).map((column) => (
          <section className="column" key={column}>
            <header className="column-head"><Bar kind="half" /></header>
            <ol className="cards">
              {range(3 - column).map((tile) => (
                <li className="card-tile skeleton-tile" key={tile}><Bar /><Bar kind="short" /></li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </Loading>
  );
}

/** The boards list: tiles as the list shows them. */
export function BoardListSkeleton() {
  return (
    <Loading what="your boards">
      <ul className="board-list">
        {range(3).map((tile) => (
          <li className="board-tile" key={tile}><Bar kind="half" /><Bar /><Bar kind="short" /></li>
        ))}
      </ul>
    </Loading>
  );
}

/** A card in its dialog: title, description and the two lists. */
export function CardSkeleton() {
  return (
    <Loading what="the card" className="card-form">
      <div className="field"><Bar kind="short" /><Bar kind="field" /></div>
      <div className="field"><Bar kind="short" /><Bar kind="block" /></div>
      <div className="field"><Bar kind="short" /><Bar kind="field" /></div>
    </Loading>
  );
}

/** Comments: a few entries. */
export function CommentsSkeleton() {
  return (
    <Loading what="the comments">
      <ol className="comments">
        {range(2).map((comment) => (
          <li className="comment" key={comment}><Bar kind="half" /><Bar /></li>
        ))}
      </ol>
    </Loading>
  );
}

/** A settings page: its head and three panels of fields. */
export function SettingsSkeleton() {
  return (
    <Loading what="the settings">
      <div className="page-head">
        <div className="skeleton-head">
          <p className="crumbs"><Bar kind="short" /></p>
          <Bar kind="title" />
        </div>
      </div>
      {range(3).map((panel) => (
        <section className="panel" key={panel}>
          <Bar kind="half" />
          <div className="field"><Bar kind="short" /><Bar kind="field" /></div>
          <div className="field"><Bar kind="short" /><Bar kind="block" /></div>
        </section>
      ))}
    </Loading>
  );
}

/** A list that is coming (the activity feed, the notifications): a few two-line entries. */
export function ListSkeleton({ what, rows = 4 }: { what: string; rows?: number }) {
  return (
    <Loading what={what}>
      <ul className="skeleton-list">
        {range(rows).map((row) => (
          <li key={row}><Bar /><Bar kind="short" /></li>
        ))}
      </ul>
    </Loading>
  );
}

/** A page whose code or session is still on its way: its head and one panel. */
export function PageSkeleton() {
  return (
    <Loading what="the page" className="loading-screen">
      <div className="page-head">
        <div className="skeleton-head">
          <Bar kind="title" />
        </div>
      </div>
      <section className="panel"><Bar kind="half" /><Bar /><Bar kind="short" /></section>
    </Loading>
  );
}

/** One line: a small part (a form in a menu) loading. */
export function LineSkeleton({ what }: { what: string }) {
  return (
    <Loading what={what}>
      <Bar kind="field" />
    </Loading>
  );
}
