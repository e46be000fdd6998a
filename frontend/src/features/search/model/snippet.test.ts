// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { snippetParts } from "./snippet";

describe("a hit's snippet", () => {
  it("is text with its highlights", () => {
    expect(snippetParts("Ship the <mark>deploy</mark> script before <mark>Friday</mark>")).toEqual([
      { text: "Ship the ", marked: false },
      { text: "deploy", marked: true },
      { text: " script before ", marked: false },
      { text: "Friday", marked: true },
    ]);
  });

  it("reads the server's escapes back as the characters typed", () => {
    expect(snippetParts("a &lt;b&gt; &amp; &quot;c&quot; &#x27;d&#39; <mark>&lt;e&gt;</mark>")).toEqual([
      { text: "a <b> & \"c\" 'd' ", marked: false },
      { text: "<e>", marked: true },
    ]);
  });

  it("keeps only the text of any other markup, and runs none of it", () => {
    const parts = snippetParts('<img src=x onerror="window.hacked=1"><b>bold</b><script>window.hacked=2</script> <a href="javascript:alert(1)">link</a>');
    expect(parts).toEqual([{ text: "boldwindow.hacked=2 link", marked: false }]);
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });

  it("joins what nested or neighbouring marks highlight", () => {
    expect(snippetParts("<mark>de<mark>ploy</mark></mark><mark>ed</mark>!")).toEqual([
      { text: "deployed", marked: true },
      { text: "!", marked: false },
    ]);
  });

  it("is nothing for nothing", () => {
    expect(snippetParts("")).toEqual([]);
  });
});
