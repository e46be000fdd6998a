/** Markdown to safe HTML in the browser, as the server's pages do it (web/markdown.py):
 * CommonMark with tables and ~~strikethrough~~, raw HTML shown as the text it was, then
 * sanitised with the pages' allow-list of tags, attributes and URL schemes, every link
 * `rel="noopener nofollow"`. The list and the limits come from the backend
 * (src/generated/markdown-policy.json, written by `make client`), not from a copy here.
 *
 * markdown-it, not marked: on 20,000 characters of `*a_` marked took 3.9 s and on a wide
 * table header over many one-character lines 18 s and 120 MB of HTML; markdown-it stays
 * linear (at its CommonMark nesting limit of 20) and the table rule below keeps its filler
 * cells in check, as on the server. */
import type MarkdownIt from "markdown-it";
import type { Config, DOMPurify } from "dompurify";
import policy from "../generated/markdown-policy.json";

export type Render = (source: string) => string;
type MarkdownItClass = typeof MarkdownIt;

const attributes: Record<string, string[]> = policy.attributes;
// DOMPurify's own pattern for safe URLs, with the pages' schemes: a scheme from the list,
// or none at all (a relative link), as the server's sanitiser allows.
const schemes = policy.url_schemes.join("|");
const SAFE_URL = new RegExp(`^(?:(?:${schemes}):|[^a-z]|[a-z+.-]+(?:[^a-z+.\\-:]|$))`, "i");

export const SANITIZE: Config = {
  ALLOWED_TAGS: policy.tags,
  ALLOWED_ATTR: [...new Set(Object.values(attributes).flat())],
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

/** At most how many cells the tables in `text` could have (web/markdown.py
 * `_tables_fit`): a table's rows run to a blank line and each has as many cells as its
 * delimiter row, at most one more than the pipes of the widest line. */
export function tableCells(text: string): number {
  if (!text.includes("|")) return 0;
  const pipes = (line: string) => line.split("|").length - 1;
  let cells = 0;
  for (const block of text.split(/\n[ \t]*\n/)) {
    if (!block.includes("|") || !block.includes("\n")) continue;
    const rows = block.split("\n");
    cells += (Math.max(...rows.map(pipes)) + 1) * rows.length;
  }
  return cells;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

function plain(text: string): string {
  return `<p>${escapeHtml(text).replace(/\n/g, "<br>\n")}</p>`;
}

/** Restricts each tag to its own attributes (DOMPurify's list is for all tags at once)
 * and stamps links. Hooks belong to the instance: give it one of its own. */
export function restrict(purify: DOMPurify): DOMPurify {
  purify.addHook("uponSanitizeAttribute", (node, data) => {
    if (!(attributes[node.nodeName.toLowerCase()] ?? []).includes(data.attrName)) data.keepAttr = false;
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") node.setAttribute("rel", policy.link_rel);
  });
  return purify;
}

export function makeRender(Parser: MarkdownItClass, purify: DOMPurify): Render {
  const parser = (tables: boolean) => {
    const md = new Parser("commonmark", { html: false, linkify: false, typographer: false });
    md.enable(tables ? ["table", "strikethrough"] : ["strikethrough"]);
    // markdown-it writes <s>; the pages (and the allow-list) have <del>.
    md.renderer.rules.s_open = () => "<del>";
    md.renderer.rules.s_close = () => "</del>";
    return md;
  };
  const withTables = parser(true);
  const withoutTables = parser(false);
  restrict(purify);
  return (source: string) => {
    const text = source.replace(/\r\n?/g, "\n");
    let html: string;
    if (text.length > policy.max_chars) {
      html = plain(text);
    } else {
      html = (tableCells(text) <= text.length ? withTables : withoutTables).render(text);
      if (html.length > policy.max_html || html.split("<blockquote>").length - 1 > policy.max_quotes) html = plain(text);
    }
    return purify.sanitize(html, SANITIZE);
  };
}

/** Whether `source` renders as itself in one paragraph: one line with none of the
 * characters Markdown gives a meaning to, nor a start that makes a list, a heading or code.
 * Such text (most titles, many descriptions and comments) needs no renderer at all, and a
 * page showing only such text never downloads one. */
export function isPlain(source: string): boolean {
  return !/[\n\r\\`*_[\]|~<>&!#]/.test(source) && !/^(?:\s|[-+=]|\d+[.)])/.test(source) && source.trim() !== "";
}
