import { useMemo, useState } from "react";
import { useBoard } from "../features/board/api/board";
import { Board } from "../features/board/components/Board";
import { FilterBar } from "../features/board/components/FilterBar";
import { ConnectionState } from "../features/board/components/ConnectionState";
import { Presence } from "../features/board/components/Presence";
import { useAddressFilter } from "../features/board/hooks/useAddressFilter";
import { useLiveBoard } from "../features/board/hooks/useLiveBoard";
import { cardFilter } from "../features/board/model/filter";
import type { Card } from "../lib/api";

// On the server's pages a card's details are the server's card page.
const renderTitle = (card: Card) => (
  <a className="card-title" href={`/cards/${card.id}`}>
    {card.title}
  </a>
);

// The board's shortcuts `b` and `s` go to the server's pages.
const go = (href: string) => window.location.assign(href);

export function BoardIsland({ boardId }: { boardId: number }) {
  const links = useMemo(() => ({ boards: "/boards", settings: `/boards/${boardId}/settings`, go }), [boardId]);
  const board = useBoard(boardId);
  const [notice, setNotice] = useState<string | null>(null);
  // The same address as the columns the server rendered: the island takes over filtered.
  const [filter, setFilter] = useAddressFilter();
  const shows = useMemo(() => cardFilter(filter), [filter]);
  useLiveBoard(boardId, board.isSuccess);
  if (!board.data) return <p className="flash flash-error" role="alert">The board could not be loaded; reload the page.</p>;
  const shown = board.data.columns.reduce((n, column) => n + column.cards.filter(shows).length, 0);
  return (
    <>
      <div className="board-toolbar">
        <FilterBar board={board.data} filter={filter} onChange={setFilter} shown={shown} />
        <Presence boardId={boardId} />
        <ConnectionState boardId={boardId} />
      </div>
      <Board board={board.data} renderTitle={renderTitle} links={links} notice={notice} onNotice={setNotice} shows={shows} />
    </>
  );
}
