/** Components in a test: a DOM (the test file asks for jsdom), the query cache and router
 * they expect, and a stand-in for the backend's HTTP answers that records each request. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { createRoot } from "react-dom/client";
// The build runs on Preact's compatibility layer (vite.config.ts); its act is Preact's.
import { act } from "preact/test-utils";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  /** The query string, "?" and all ("" without one). */
  query: string;
  body: unknown;
}

/** The answer to a request: its status and JSON body. */
export type Handler = (call: Call) => [number, unknown];

/** Answers the client's requests with `handle` (through `fetch`); returns what was asked. */
export function serve(handle: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (request: Request) => {
    const text = await request.text();
    const url = new URL(request.url);
    const call = { method: request.method, path: url.pathname, query: url.search, body: text ? (JSON.parse(text) as unknown) : null };
    calls.push(call);
    const [status, body] = handle(call);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  return calls;
}

/** Lets pending requests answer and React render what they changed. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export interface Mounted {
  container: HTMLElement;
  click: (element: Element | null | undefined) => Promise<void>;
  unmount: () => void;
}

/** Renders `element` in a fresh query cache and router, and waits for its first reads. */
export async function mount(element: ReactElement): Promise<Mounted> {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(createElement(QueryClientProvider, { client: qc }, createElement(MemoryRouter, null, element)));
    await Promise.resolve();
  });
  await settle();
  return {
    container,
    click: async (target) => {
      if (!(target instanceof HTMLElement)) throw new Error("nothing to click");
      await act(async () => {
        target.click();
        await Promise.resolve();
      });
      await settle();
    },
    unmount: () => {
      void act(() => root.unmount());
      container.remove();
    },
  };
}

/** Node's Request needs absolute URLs; a browser resolves the client's paths against the
 * page. Call in `vi.hoisted`, before the API client is made. */
export function resolveAgainstPage(): void {
  const Base = globalThis.Request;
  globalThis.Request = class extends Base {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === "string" ? new URL(input, location.href) : input, init);
    }
  };
}

/** What jsdom lacks of a browser's modal dialog: showModal, and close with its event (a
 * task later, as browsers send it). */
export function modalDialogs(): void {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    setTimeout(() => this.dispatchEvent(new Event("close")));
  };
}
