import { describe, expect, it } from "vitest";
import { downloadName } from "./files";

describe("the name a download is saved under", () => {
  it("is the exact one (RFC 6266 filename*) when the server sends it", () => {
    const header = `attachment; filename="Launch_ v2 2026-12-06.csv"; filename*=UTF-8''Launch%2C%20%E2%80%9Cv2%E2%80%9D%202026-12-06.csv`;
    expect(downloadName(header, "board.csv")).toBe("Launch, “v2” 2026-12-06.csv");
  });

  it("falls back to the plain name, then to the one given", () => {
    expect(downloadName('attachment; filename="notes.txt"', "file")).toBe("notes.txt");
    expect(downloadName("attachment; filename*=UTF-8''%E0%A4%A", "file")).toBe("file");
    expect(downloadName(null, "board.zip")).toBe("board.zip");
  });
});
