/** Markdown rendered in the browser for previews, comments and descriptions, as on the
 * server's pages (see ./markdown.ts). markdown-it and DOMPurify load on first use, so they
 * are not part of any entry's first download. */
import { useEffect, useState } from "react";
import { isPlain, makeRender, type Render } from "./markdown";

let renderer: Promise<Render> | null = null;

function load(): Promise<Render> {
  renderer ??= Promise.all([import("markdown-it"), import("dompurify")]).then(([{ default: MarkdownIt }, { default: purify }]) =>
    makeRender(MarkdownIt, purify(window)),
  );
  return renderer;
}

export function Markdown({ source, className = "prose" }: { source: string; className?: string }) {
  const plain = isPlain(source);
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    if (plain) return;
    let live = true;
    void load().then((render) => live && setHtml(render(source)));
    return () => {
      live = false;
    };
  }, [source, plain]);
  // Text without Markdown in it is its own rendering: no renderer to fetch.
  if (plain) return <div className={className}><p>{source}</p></div>;
  if (html === null) return <div className={className}><p className="muted">{source}</p></div>;
  // Sanitised by DOMPurify (./markdown.ts).
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
