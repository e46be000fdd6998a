/** A person as initials on a colour of their own (the palette of app.css's card view). */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function firstLetter(word: string): string {
  return graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? "";
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const picked = words.length > 1 ? [words[0] ?? "", words.at(-1) ?? ""] : words;
  return picked.map(firstLetter).join("").toUpperCase() || "?";
}

export function Avatar({ userId, name }: { userId: number; name: string }) {
  return (
    <span className="cv-avatar" data-tone={String(userId % 6)} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
