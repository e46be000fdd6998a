import { describe, expect, it } from "vitest";
import { isOwnExport } from "./importBoard";

describe("telling a Teamboard export from a Trello one", () => {
  it("knows a zip and a document of Teamboard's format", async () => {
    expect(await isOwnExport(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])], "board.zip"))).toBe(true);
    expect(await isOwnExport(new File(['{\n  "format": "teamboard.board/2",\n  "name": "B"}'], "b.json"))).toBe(true);
  });

  it("takes anything else for Trello's (the server then says what is wrong)", async () => {
    expect(await isOwnExport(new File(['{"id": "5f", "name": "Trello board", "lists": []}'], "t.json"))).toBe(false);
    expect(await isOwnExport(new File([], "empty.json"))).toBe(false);
  });
});
