import { describe, expect, it } from "vitest";
import catalogue from "../generated/messages.json";
import { ApiError } from "./api";
import { blankFields, loadCatalogue, message } from "./messages";

describe("the catalogue of messages", () => {
  it("says nothing of its own before the catalogue is here (the server does)", () => {
    expect(message("blank", "title")).toBeUndefined();
    expect(blankFields({ title: " " })).toEqual({});
  });

  it("loads", async () => {
    await loadCatalogue();
    expect(message("blank", "title")).toBe("Give it a title.");
  });

  it("fills every sentence exactly as the backend does", () => {
    for (const example of catalogue.examples) {
      const params = Object.fromEntries(Object.entries(example.params).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
      expect(message(example.code, example.field, params)).toBe(example.message);
    }
  });

  it("names blank and whitespace-only fields in the catalogue's words", () => {
    expect(blankFields({ title: " \u3000\t", description: "" , name: "ok" })).toEqual({
      title: "Give it a title.",
      description: "Fill in the description.",
    });
  });

  it("shows the server's per-field messages, every one, keyed by field", () => {
    const error = new ApiError(422, {
      errors: [
        { loc: ["body", "title"], msg: "Give it a title.", code: "blank" },
        { loc: ["body", "label_ids", 0], msg: "Enter the labels as a whole number, using the digits 0 to 9.", code: "not_a_number" },
        { loc: ["body", "due_date"], msg: "Pick a real due date, such as 2026-12-31.", code: "date" },
        { loc: ["body"], msg: "Send the request as valid JSON.", code: "json" },
      ],
    });
    expect(error.fields).toEqual({
      title: "Give it a title.",
      label_ids: "Enter the labels as a whole number, using the digits 0 to 9.",
      due_date: "Pick a real due date, such as 2026-12-31.",
      "": "Send the request as valid JSON.",
    });
  });
});
