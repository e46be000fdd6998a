import DOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import policy from "../generated/markdown-policy.json";
import { SANITIZE, isPlain, makeRender, restrict, tableCells } from "./markdown";

const { window } = new JSDOM("");
const render = makeRender(MarkdownIt, DOMPurify(window));

/** Every element and attribute of some HTML, as a browser parses it. */
function parsed(html: string): { tags: string[]; attributes: [string, string, string][] } {
  const root = window.document.createElement("div");
  root.innerHTML = html;
  const elements = [...root.querySelectorAll("*")];
  return {
    tags: elements.map((e) => e.localName),
    attributes: elements.flatMap((e) => [...e.attributes].map((a): [string, string, string] => [e.localName, a.name, a.value])),
  };
}

function expectInert(html: string) {
  const { tags, attributes } = parsed(html);
  for (const tag of tags) expect(policy.tags).toContain(tag);
  for (const [tag, name, value] of attributes) {
    expect(name === "rel" || (policy.attributes as Record<string, string[]>)[tag]?.includes(name), `${tag} ${name}`).toBe(true);
    if (name === "href") expect(value.trim().toLowerCase()).not.toMatch(/^(javascript|vbscript|data):/);
  }
}

describe("raw HTML", () => {
  it("is shown as the text it was, as on the server's pages", () => {
    expect(render("a <b>bold</b> move")).toBe("<p>a &lt;b&gt;bold&lt;/b&gt; move</p>\n");
    expect(render("<script>alert(1)</script>")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(render("<!-- hidden? -->")).toBe("<p>&lt;!-- hidden? --&gt;</p>\n");
  });

  it.each([
    '<form action="https://evil.example"><input name="password" placeholder="Password"></form>',
    "<img src=x onerror=alert(1)> ![tracking](https://evil.example/pixel.png)",
    '<p id="login" style="position:fixed;inset:0">Sign in again</p>',
    "<style>body{display:none}</style><iframe src=https://evil.example></iframe><svg onload=alert(1)>",
  ])("never becomes form, input, img, id or style: %s", (source) => {
    const html = render(source);
    const { tags, attributes } = parsed(html);
    expect(tags.filter((t) => ["form", "input", "img", "style", "iframe", "svg", "script"].includes(t))).toEqual([]);
    expect(attributes.filter(([, name]) => name === "id" || name === "style" || name.startsWith("on"))).toEqual([]);
    expectInert(html);
  });
});

describe("links", () => {
  it.each([
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1)) [y](vbscript:x) [z](data:text/html,x)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x]( javascript:alert(1) )",
  ])("javascript: and friends do not survive: %s", (source) => {
    const html = render(source);
    expect(html).not.toMatch(/<a [^>]*href="\s*(javascript|vbscript|data):/i); // text has &lt;, not <
    expectInert(html);
  });

  it("keep http, https, mailto and relative targets, with rel=noopener nofollow", () => {
    const html = render("[a](https://example.com 'T') [b](mailto:a@example.com) [c](/boards/1) <http://x.org>");
    expect(html).toContain('<a href="https://example.com" title="T" rel="noopener nofollow">a</a>');
    expect(html).toContain('<a href="mailto:a@example.com" rel="noopener nofollow">b</a>');
    expect(html).toContain('<a href="/boards/1" rel="noopener nofollow">c</a>');
    expect(html).toContain('<a href="http://x.org" rel="noopener nofollow">http://x.org</a>');
  });
});

describe("the sanitiser alone", () => {
  // Should the parser ever let HTML through, the allow-list still holds.
  const purify = restrict(DOMPurify(window));
  it("keeps the server's tags and attributes and nothing else", () => {
    const dirty =
      '<form><input name=a></form><img src=x><p id=a style="color:red" class=c data-x=1 aria-label=l title=t>t</p>' +
      '<a href="javascript:alert(1)" target=_blank>y</a><a href="ftp://x">z</a><ol start="3" type="a"><li>i</li></ol>' +
      "<s>s</s><del>d</del><details><summary>x</summary></details><table><tr><td colspan=2>c</td></tr></table>";
    const clean = purify.sanitize(dirty, SANITIZE);
    expectInert(clean);
    expect(clean).toContain("<p>t</p>");
    expect(clean).toContain('<a rel="noopener nofollow">y</a><a rel="noopener nofollow">z</a>');
    expect(clean).toContain('<ol start="3"><li>i</li></ol>');
    expect(clean).toContain("s<del>d</del>");
    expect(clean).toContain("<td>c</td>");
  });
});

describe("Markdown", () => {
  it("keeps CommonMark, tables and strikethrough", () => {
    const html = render("# T\n\n3. a\n4. b\n\n> q\n\n~~gone~~ ~kept~ *em* **strong**\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```py\ncode\n```\n\n---");
    for (const part of ["<h1>T</h1>", '<ol start="3">', "<blockquote>\n<p>q</p>\n</blockquote>", "<del>gone</del> ~kept~ <em>em</em> <strong>strong</strong>", "<th>a</th>", "<td>2</td>", "<pre><code>code\n</code></pre>", "<hr>"])
      expect(html).toContain(part);
  });

  it.each([
    ["nested images", "![".repeat(10_000)],
    ["emphasis", "*a_".repeat(6_666)],
    ["brackets", "[".repeat(20_000)],
    ["entities", "&".repeat(20_000)],
  ])("renders pathological input (%s) as text", (_name, source) => {
    const html = render(source);
    expect(html.startsWith("<p>")).toBe(true);
    expect(html.length).toBeLessThan(6 * source.length);
  });

  it("leaves out a table that would be mostly filler cells, as the server does", () => {
    const bomb = ("|a".repeat(2_000) + "\n" + "|-".repeat(2_000) + "\n" + "a\n".repeat(8_000)).slice(0, 20_000);
    expect(tableCells(bomb)).toBeGreaterThan(bomb.length);
    const html = render(bomb);
    expect(html).not.toContain("<td");
    expect(html.length).toBeLessThan(2 * 20_000);
    const table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n".repeat(1_000) + "| short |\n";
    expect(render(table).split("<td>").length - 1).toBe(2 * 1_001);
  });
});

describe("plain text needs no renderer", () => {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  it("renders as itself in one paragraph whenever it is called plain", () => {
    const plain = ["200 cards, read and moved by wrk", "Fix the log-in page (again)", "Ship v1.2 by Friday?", "a - b = c", "Résumé 100% done; ok: yes", "x.y/z 'quoted' \"double\""];
    for (const text of plain) {
      expect(isPlain(text), text).toBe(true);
      expect(render(text)).toBe(`<p>${escape(text)}</p>\n`);
    }
  });

  it("leaves Markdown, entities and structure to the renderer", () => {
    const marked = ["Ship **v1**", "see [the plan](https://example.com)", "1. first", "- item", "# Title", "> quote", "    code", "a\nb", "Tom &amp; Jerry", "&copy; us", "under_score", "pipe | table", "<b>raw</b>", "back\\slash", "= setext", "2) two", "", " "];
    for (const text of marked) expect(isPlain(text), text).toBe(false);
  });
});
