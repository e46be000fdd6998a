// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { boardShortcutKeys } from "../hooks/useBoardShortcuts";
import { board } from "../../../test/fixtures";
import { focusCard, focusedCardId, gridOf, gridOfBoard, nextCard, REVEAL, type Grid } from "./focus";

describe("the arrow keys between cards", () => {
  const grid: Grid = [[1, 2, 3], [], [4], [5, 6]];

  it("go up and down a column, stopping at its ends", () => {
    expect(nextCard(grid, 1, "down")).toBe(2);
    expect(nextCard(grid, 3, "down")).toBe(3);
    expect(nextCard(grid, 2, "up")).toBe(1);
    expect(nextCard(grid, 1, "up")).toBe(1);
  });

  it("go across to the nearest column with cards, at the same height or its last card", () => {
    expect(nextCard(grid, 3, "right")).toBe(4); // the empty column skipped, row 3 → its only card
    expect(nextCard(grid, 4, "right")).toBe(5);
    expect(nextCard(grid, 6, "left")).toBe(4);
    expect(nextCard(grid, 2, "left")).toBe(2); // nothing further left
    expect(nextCard(grid, 6, "right")).toBe(6);
  });

  it("start at the first card from nowhere, or from a card no longer shown", () => {
    expect(nextCard(grid, null, "down")).toBe(1);
    expect(nextCard([[], [7]], 99, "left")).toBe(7);
    expect(nextCard([[], []], null, "down")).toBeNull();
  });
});

/** A board as Board.tsx renders it: columns with card tiles, each with its title link. */
function page(): HTMLElement {
  document.body.innerHTML = `
    <input data-filter-input>
    <div class="columns">
      ${[[1, [11, 12]], [2, []], [3, [31]]]
        .map(
          ([column, cards]) => `<section data-column-id="${String(column)}"><ol>
            ${(cards as number[])
              .map((id) => `<li data-card-id="${String(id)}"><a class="card-title" href="/cards/${String(id)}">Card ${String(id)}</a>
                <button data-edit-title>Rename</button></li>`)
              .join("")}
            </ol><input data-add-card id="add-${String(column)}"></section>`,
        )
        .join("")}
    </div>`;
  return document.querySelector(".columns")!;
}

function keysOn(root: HTMLElement) {
  const calls = { help: 0, moved: [] as number[], went: [] as string[], reloads: 0 };
  const keys = boardShortcutKeys({
    root: { current: root },
    links: { boards: "/boards", settings: "/boards/1/settings", go: (href) => calls.went.push(href) },
    toggleHelp: () => calls.help++,
    move: (id) => calls.moved.push(id),
    reload: () => calls.reloads++,
  });
  return { keys, calls, press: (key: string) => keys[key]?.() };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the board's shortcuts on the page", () => {
  Element.prototype.scrollIntoView = vi.fn();

  it("reads the grid from the page and moves the focus to the cards' titles", () => {
    const root = page();
    expect(gridOf(root)).toEqual([[11, 12], [], [31]]);
    const { press } = keysOn(root);
    press("ArrowDown"); // from nowhere: the first card
    expect(focusedCardId(root)).toBe(11);
    expect(document.activeElement?.textContent).toBe("Card 11");
    press("ArrowDown");
    expect(focusedCardId(root)).toBe(12);
    press("ArrowRight");
    expect(focusedCardId(root)).toBe(31);
    press("ArrowLeft");
    expect(focusedCardId(root)).toBe(11);
  });

  it("leaves the arrows alone where focus is on something else than a card", () => {
    const root = page();
    document.querySelector<HTMLElement>("[data-filter-input]")!.focus();
    const { press } = keysOn(root);
    expect(press("ArrowDown")).toBe(false);
    expect(focusedCardId(root)).toBeNull();
  });

  it("opens (Enter), edits (e) and moves (m) the card that has the focus", () => {
    const root = page();
    const { press, calls } = keysOn(root);
    const opened: string[] = [];
    root.addEventListener("click", (event) => {
      event.preventDefault();
      opened.push((event.target as HTMLElement).textContent);
    });
    expect(press("m")).toBe(false); // no card yet: nothing to move
    focusCard(root, 12);
    press("Enter");
    press("e");
    press("m");
    expect(opened).toEqual(["Card 12", "Rename"]);
    expect(calls.moved).toEqual([12]);
  });

  it("n adds to the focused card's column, else the first; / goes to the filter", () => {
    const root = page();
    const { press } = keysOn(root);
    press("n");
    expect(document.activeElement?.id).toBe("add-1");
    focusCard(root, 31);
    press("n");
    expect(document.activeElement?.id).toBe("add-3");
    press("/");
    expect(document.activeElement?.hasAttribute("data-filter-input")).toBe(true);
  });

  it("? toggles the help; s, b and r go to this surface's pages and reload", () => {
    const { press, calls } = keysOn(page());
    press("?");
    press("s");
    press("b");
    press("r");
    expect(calls).toMatchObject({ help: 1, went: ["/boards/1/settings", "/boards"], reloads: 1 });
  });
});

describe("a long column, whose tiles are not all drawn", () => {
  Element.prototype.scrollIntoView = vi.fn();

  it("gives the arrow keys the board's grid: every card shown, drawn or not, none added offline", () => {
    const b = board({ 1: [11, 12, 13], 2: [-1, 21] });
    expect(gridOfBoard(b)).toEqual([[11, 12, 13], [21]]);
    expect(gridOfBoard(b, (c) => c.id !== 12)).toEqual([[11, 13], [21]]);
  });

  it("asks the columns for a card not drawn, and focuses it once its column has drawn it", async () => {
    const root = page();
    const asked: number[] = [];
    const third = root.querySelector<HTMLElement>('[data-column-id="3"]')!;
    third.addEventListener(REVEAL, (event) => {
      const id = (event as CustomEvent<number>).detail;
      if (id !== 32) return;
      asked.push(id);
      event.preventDefault();
      // Drawn a moment later, as a virtualised column does after scrolling.
      setTimeout(() => {
        third.querySelector("ol")!.insertAdjacentHTML("beforeend", `<li data-card-id="32"><a class="card-title" href="/cards/32">Card 32</a></li>`);
      }, 20);
    });
    expect(focusCard(root, 99)).toBe(false); // no column has it
    expect(focusCard(root, 32)).toBe(true);
    expect(asked).toEqual([32]);
    await vi.waitFor(() => expect(focusedCardId(root)).toBe(32));
  });

  it("moves from a drawn card to one not drawn with the arrow keys", async () => {
    const root = page();
    const first = root.querySelector<HTMLElement>('[data-column-id="1"]')!;
    first.addEventListener(REVEAL, (event) => {
      event.preventDefault();
      first.querySelector("ol")!.insertAdjacentHTML("beforeend", `<li data-card-id="13"><a class="card-title" href="/cards/13">Card 13</a></li>`);
    });
    const keys = boardShortcutKeys({
      root: { current: root },
      links: { boards: "/boards", settings: "/boards/1/settings", go: () => undefined },
      toggleHelp: () => undefined,
      move: () => undefined,
      reload: () => undefined,
      grid: () => [[11, 12, 13], [], [31]],
    });
    focusCard(root, 12);
    expect(keys.ArrowDown?.()).toBe(true);
    await vi.waitFor(() => expect(focusedCardId(root)).toBe(13));
  });
});
