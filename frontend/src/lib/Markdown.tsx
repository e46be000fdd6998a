/** Markdown rendered in the browser for previews and comments: marked, then DOMPurify.
 * Both load on first use, so they are not part of any entry's first download. */
import { useEffect, useState } from "react";

type Render = (source: string) => string;
let renderer: Promise<Render> | null = null;

function load(): Promise<Render> {
  renderer ??= Promise.all([import("marked"), import("dompurify")]).then(([{ marked }, { default: purify }]) => {
    marked.setOptions({ gfm: true, breaks: false });
    return (source: string) =>
      purify.sanitize(marked.parse(source, { async: false }), { FORBID_ATTR: ["style"], FORBID_TAGS: ["style"] });
  });
  return renderer;
}

export function Markdown({ source, className = "prose" }: { source: string; className?: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((render) => live && setHtml(render(source)));
    return () => {
      live = false;
    };
  }, [source]);
  if (html === null) return <div className={className}><p className="muted">{source}</p></div>;
  // Sanitised by DOMPurify above.
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
