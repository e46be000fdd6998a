// `npm run bench`: the SPA's Markdown (markdown-it + DOMPurify under jsdom) on the
// 20,000-character inputs that were slow somewhere (see bench/markdown_bench.py for the
// server). Under marked, "*a_" took 3.9 s and the table bomb 18 s (120 MB of HTML).
import DOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import MarkdownIt from "markdown-it";
import { bench, describe } from "vitest";
import { makeRender } from "./markdown";

const render = makeRender(MarkdownIt, DOMPurify(new JSDOM("").window));
const SIZE = 20_000;
const cut = (s: string) => s.slice(0, SIZE);
const prose = "Some *emphasis*, a [link](https://example.com), `code` and **bold** text.\n\n- one\n- two\n\n";

const inputs: Record<string, string> = {
  prose: cut(prose.repeat(300)),
  'nested "!["': cut("![".repeat(SIZE)),
  '"*a_"': cut("*a_".repeat(SIZE)),
  '"**a"': cut("**a".repeat(SIZE)),
  "<b>![": cut("<b>![".repeat(SIZE)),
  '"&"': "&".repeat(SIZE),
  "table bomb": cut("|a".repeat(2_000) + "\n" + "|-".repeat(2_000) + "\n" + "a\n".repeat(SIZE)),
  "narrow table bomb": cut("|a".repeat(100) + "\n" + "|-".repeat(100) + "\n" + "a\n".repeat(SIZE)),
  '">" x 20,000': ">".repeat(SIZE),
  '"[a]: b" definitions': cut("[a]: b\n".repeat(SIZE)),
};

describe("20,000 characters of Markdown, rendered and sanitised", () => {
  for (const [name, source] of Object.entries(inputs)) bench(name, () => void render(source), { iterations: 5, time: 0 });
});
