/** A hit's snippet, as text and highlights. The server sends it HTML-escaped with only
 * <mark>…</mark> as markup; it is still never given to innerHTML. It is parsed in a
 * document of its own (DOMParser: no scripts run, nothing is fetched there), and only the
 * text comes out of it, each run flagged as highlighted or not: any other tag is dropped
 * and keeps only its text, which React then renders as text. */

export interface Part {
  text: string;
  marked: boolean;
}

export function snippetParts(html: string): Part[] {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const parts: Part[] = [];
  const walk = (node: Node, marked: boolean) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) push(parts, child.textContent ?? "", marked);
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child, marked || child.nodeName === "MARK");
    }
  };
  walk(body, false);
  return parts;
}

/** Adds `text`, joined to the run before it when both are alike. */
function push(parts: Part[], text: string, marked: boolean) {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last?.marked === marked) last.text += text;
  else parts.push({ text, marked });
}
