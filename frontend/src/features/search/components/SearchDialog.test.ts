// @vitest-environment jsdom
import { act } from "preact/test-utils";
import { createElement, useState } from "react";
import { useLocation } from "react-router";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { modalDialogs, mount, settle, type Mounted } from "../../../test/dom";
import type { SearchHit, SearchPage } from "../api/search";
import { DEBOUNCE, SearchDialog } from "./SearchDialog";

await vi.hoisted(async () => {
  const { resolveAgainstPage } = await import("../../../test/dom");
  resolveAgainstPage();
});

beforeAll(() => {
  // What jsdom lacks of a browser: modal dialogs, and scrolling into view.
  modalDialogs();
  Element.prototype.scrollIntoView = () => undefined;
});

const hit = (id: number, extra: Partial<SearchHit> = {}): SearchHit => ({
  card_id: id,
  card_title: `Deploy step ${id}`,
  board_id: 3,
  board_name: "Launch",
  column_id: 5,
  column_name: "Doing",
  archived: false,
  updated_at: "2026-12-01T10:00:00Z",
  snippet: `Run the <mark>deploy</mark> script &amp; check ${id}`,
  ...extra,
});

interface Asked {
  q: string | null;
  cursor: string | null;
  signal: AbortSignal;
  answer: (status: number, body: unknown) => void;
}

/** The server's side: each request to the search endpoint waits in `asked` for the test to
 * answer it (or answers at once with `auto`); an aborted one fails as fetch fails. */
function server(auto?: (asked: Asked) => [number, unknown]): Asked[] {
  const asked: Asked[] = [];
  vi.stubGlobal(
    "fetch",
    (request: Request) =>
      new Promise<Response>((resolve, reject) => {
        const url = new URL(request.url);
        if (url.pathname !== "/api/v1/search") throw new Error(`unexpected ${url.pathname}`);
        request.signal.addEventListener("abort", () => reject(new DOMException("The request was aborted", "AbortError")));
        const entry: Asked = {
          q: url.searchParams.get("q"),
          cursor: url.searchParams.get("cursor"),
          signal: request.signal,
          answer: (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })),
        };
        asked.push(entry);
        if (auto) entry.answer(...auto(entry));
      }),
  );
  return asked;
}

const page = (hits: SearchHit[], next: string | null = null): [number, SearchPage] => [200, { hits, next_cursor: next }];

/** Where the router is: the page a hit opens. */
function Where() {
  return createElement("output", { "data-where": "" }, useLocation().pathname);
}

let shown: Mounted | null = null;
let closed = 0;
afterEach(() => {
  shown?.unmount();
  shown = null;
  closed = 0;
  vi.unstubAllGlobals();
});

/** The dialog as the header's button shows it: until it says it closed. */
function Opened() {
  const [open, setOpen] = useState(true);
  const onClose = () => {
    closed++;
    setOpen(false);
  };
  return open ? createElement(SearchDialog, { onClose }) : null;
}

async function openDialog(): Promise<Mounted> {
  shown = await mount(createElement("div", null, createElement(Where), createElement(Opened)));
  return shown;
}

const field = () => document.querySelector<HTMLInputElement>("input[role=combobox]")!;
const where = () => document.querySelector("[data-where]")?.textContent;
const options = () => [...document.querySelectorAll("[role=option]")];
const selected = () => document.querySelector("[role=option][aria-selected=true]");
const text = () => document.querySelector(".search-dialog")?.textContent ?? "";

/** Types `value` into the field as a person would (React hears an input event). */
async function type(value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(field(), value);
    field().dispatchEvent(new Event("input", { bubbles: true }));
    await Promise.resolve();
  });
}

/** Lets typing pause for longer than the debounce. */
async function pause() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE + 30));
  });
  await settle();
}

async function press(key: string, target: Element = field()) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    await Promise.resolve();
  });
  await settle();
}

describe("the search dialog", () => {
  it("says what it finds before anything is typed, and asks nothing", async () => {
    const asked = server();
    await openDialog();
    expect(document.activeElement).toBe(field());
    expect(text()).toContain("Find a card on any of your boards by its title, description, comments or labels.");
    expect(asked).toEqual([]);
  });

  it("asks once typing pauses, and shows each hit's title, board › column and snippet", async () => {
    const asked = server(() => page([hit(12), hit(13)]));
    await openDialog();
    await type("d");
    await type("de");
    await type("depl ");
    expect(asked).toEqual([]);
    expect(document.querySelector("[role=status][aria-busy=true]")?.textContent).toBe("Loading the cards found");
    await pause();
    expect(asked.map((a) => a.q)).toEqual(["depl"]);
    expect(options().map((o) => o.querySelector(".search-hit-title")?.textContent)).toEqual(["Deploy step 12", "Deploy step 13"]);
    expect(options()[0]!.querySelector(".search-hit-where")?.textContent).toBe("Launch › , in Doing");
    const snippet = options()[0]!.querySelector(".search-hit-snippet")!;
    expect(snippet.textContent).toBe("Run the deploy script & check 12");
    expect([...snippet.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["deploy"]);
    expect(field().getAttribute("aria-expanded")).toBe("true");
    expect(text()).toContain("2 cards found");
  });

  it("gives up the request typed over: its signal is aborted, and its answer never shows", async () => {
    const asked = server();
    await openDialog();
    await type("dep");
    await pause();
    await type("depl");
    await pause();
    expect(asked.map((a) => a.q)).toEqual(["dep", "depl"]);
    expect(asked[0]!.signal.aborted).toBe(true);
    expect(asked[1]!.signal.aborted).toBe(false);
    asked[1]!.answer(...page([hit(20)]));
    await settle();
    expect(options().map((o) => o.querySelector(".search-hit-title")?.textContent)).toEqual(["Deploy step 20"]);
  });

  it("goes through the hits with the arrow keys and opens the chosen card with Enter", async () => {
    server(() => page([hit(12), hit(13), hit(14)]));
    await openDialog();
    await type("deploy");
    await pause();
    expect(selected()?.id).toBe(field().getAttribute("aria-activedescendant"));
    expect(selected()?.textContent).toContain("Deploy step 12");
    await press("ArrowDown");
    await press("ArrowDown");
    await press("ArrowDown"); // the last stays chosen
    expect(selected()?.textContent).toContain("Deploy step 14");
    await press("ArrowUp");
    expect(selected()?.textContent).toContain("Deploy step 13");
    expect(field().getAttribute("aria-activedescendant")).toBe(selected()?.id);
    await press("Enter");
    expect(where()).toBe("/boards/3/cards/13");
    expect(closed).toBe(1);
  });

  it("starts at the first hit whatever was pressed before any came", async () => {
    const asked = server();
    await openDialog();
    await type("deploy");
    await pause();
    await press("ArrowDown");
    await press("ArrowDown");
    await press("Enter"); // nothing to open yet
    expect(where()).toBe("/");
    asked[0]!.answer(...page([hit(12), hit(13)]));
    await settle();
    expect(selected()?.textContent).toContain("Deploy step 12");
    expect(field().getAttribute("aria-activedescendant")).toBe(selected()?.id);
  });

  it("opens a card with a click; an archived card opens its board's archived cards", async () => {
    server(() => page([hit(12), hit(30, { archived: true, board_id: 4 })]));
    await openDialog();
    await type("deploy");
    await pause();
    expect(options()[1]!.textContent).toContain("Archived");
    await shown!.click(options()[1]);
    expect(where()).toBe("/boards/4/archived");
  });

  it("loads more through the cursor, after the hits it has, and the keyboard goes on from there", async () => {
    const asked = server(({ cursor }) => (cursor === null ? page([hit(1), hit(2)], "next-1") : page([hit(3)])));
    await openDialog();
    await type("deploy");
    await pause();
    expect(text()).toContain("2 or more cards found");
    const more = [...document.querySelectorAll("button")].find((b) => b.textContent === "Load more");
    await shown!.click(more);
    expect(asked.map((a) => [a.q, a.cursor])).toEqual([["deploy", null], ["deploy", "next-1"]]);
    expect(options()).toHaveLength(3);
    expect(document.activeElement).toBe(field());
    expect(selected()?.textContent).toContain("Deploy step 3");
    expect(text()).not.toContain("Load more");
  });

  it("says so when nothing matches", async () => {
    server(() => page([]));
    await openDialog();
    await type("zebra");
    await pause();
    expect(text()).toContain("No cards match “zebra”.");
    expect(field().getAttribute("aria-expanded")).toBe("false");
    expect(field().hasAttribute("aria-activedescendant")).toBe(false);
    await press("Enter");
    expect(where()).toBe("/");
  });

  it("says when search fails, and tries again on request", async () => {
    let fail = true;
    const asked = server(() => (fail ? [503, { title: "Service Unavailable", detail: "The search index is being rebuilt." }] : page([hit(5)])));
    await openDialog();
    await type("deploy");
    await pause();
    expect(document.querySelector("[role=alert]")?.textContent).toContain("Search is not available just now: The search index is being rebuilt.");
    fail = false;
    await shown!.click([...document.querySelectorAll("button")].find((b) => b.textContent === "Try again"));
    expect(asked).toHaveLength(2);
    expect(options()).toHaveLength(1);
  });

  it("renders a snippet's text only: markup other than the highlight never becomes elements", async () => {
    server(() => page([hit(1, { snippet: '<img src="x" onerror="alert(1)"><mark>deploy</mark> <a href="javascript:alert(1)">now</a>' })]));
    await openDialog();
    await type("deploy");
    await pause();
    const snippet = options()[0]!.querySelector(".search-hit-snippet")!;
    expect(snippet.innerHTML).toBe("<mark>deploy</mark> now");
  });

  it("closes with Escape", async () => {
    server();
    await openDialog();
    await press("Escape");
    expect(closed).toBe(1);
    expect(document.querySelector("dialog")).toBeNull();
  });
});
