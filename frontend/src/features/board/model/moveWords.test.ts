import type { Active, Over } from "@dnd-kit/core";
import { describe, expect, it } from "vitest";
import { moveWords } from "./moveWords";

const active = { id: 1 } as Active;
const over = { id: 2 } as Over;

describe("the words said while something moves", () => {
  const words = moveWords({
    name: () => "“Tag the release”",
    where: (_a, o) => (o ? "at place 2 of 3" : "nowhere"),
    keys: () => "the up and down arrow keys",
  });

  it("name it, where it is over and where it lands, and the keys that move it", () => {
    expect(words.onDragStart({ active })).toBe(
      "Picked up “Tag the release”. Use the up and down arrow keys to move it, Space to drop, Escape to cancel.",
    );
    expect(words.onDragOver({ active, over })).toBe("“Tag the release” is over place 2 of 3.");
    expect(words.onDragEnd({ active, over })).toBe("“Tag the release” dropped at place 2 of 3.");
    expect(words.onDragEnd({ active, over: null })).toBe("“Tag the release” dropped nowhere.");
    expect(words.onDragCancel({ active, over: null })).toBe("Moving “Tag the release” was cancelled.");
  });

  it("begin a sentence with a capital", () => {
    const column = moveWords({ name: () => "column “Done”", where: () => "at position 1 of 2", keys: () => "" });
    expect(column.onDragEnd({ active, over })).toBe("Column “Done” dropped at position 1 of 2.");
  });
});
