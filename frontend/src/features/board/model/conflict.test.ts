import { describe, expect, it } from "vitest";
import { decide, fieldReducer, idle, type FieldState } from "./conflict";

describe("decide", () => {
  it("keeps what is typed when nobody else changed the field", () => {
    expect(decide("Plan", "Plan v2", "Plan")).toBe("keep");
  });
  it("takes theirs when the person has not changed the field", () => {
    expect(decide("Plan", "Plan", "Their plan")).toBe("overwrite");
  });
  it("takes theirs when both wrote the same", () => {
    expect(decide("Plan", "Same", "Same")).toBe("overwrite");
  });
  it("asks when both changed it differently", () => {
    expect(decide("Plan", "My plan", "Their plan")).toBe("notify");
  });
});

const editing = (draft: string): FieldState => ({ ...fieldReducer(idle("Plan", 3), { type: "start", value: "Plan", version: 3 }), draft });

describe("fieldReducer", () => {
  it("follows the card while not editing", () => {
    const next = fieldReducer(idle("Plan", 3), { type: "remote", theirs: "Renamed", version: 4, by: "Ada" });
    expect(next).toMatchObject({ editing: false, draft: "Renamed", baseVersion: 4, conflict: null });
  });

  it("never overwrites a typed value: it notifies, keeping the old base version", () => {
    const next = fieldReducer(editing("Mine"), { type: "remote", theirs: "Theirs", version: 4, by: "Ada" });
    expect(next.draft).toBe("Mine");
    expect(next.conflict).toEqual({ theirs: "Theirs", by: "Ada", version: 4 });
    expect(next.baseVersion).toBe(3); // a plain save is refused by the server and asks again
  });

  it("moves to the new version when only another field changed", () => {
    const next = fieldReducer(editing("Mine"), { type: "remote", theirs: "Plan", version: 4, by: "Ada" });
    expect(next).toMatchObject({ draft: "Mine", baseVersion: 4, conflict: null });
  });

  it("updates an untouched field while editing", () => {
    const next = fieldReducer(editing("Plan"), { type: "remote", theirs: "Theirs", version: 4, by: "Ada" });
    expect(next).toMatchObject({ editing: true, draft: "Theirs", base: "Theirs", baseVersion: 4 });
  });

  it("keep mine saves over the new version", () => {
    const asked = fieldReducer(editing("Mine"), { type: "remote", theirs: "Theirs", version: 4, by: "Ada" });
    const kept = fieldReducer(asked, { type: "keepMine" });
    expect(kept).toMatchObject({ draft: "Mine", base: "Theirs", baseVersion: 4, conflict: null });
  });

  it("take theirs replaces the draft", () => {
    const asked = fieldReducer(editing("Mine"), { type: "remote", theirs: "Theirs", version: 4, by: "Ada" });
    expect(fieldReducer(asked, { type: "takeTheirs" })).toMatchObject({ draft: "Theirs", baseVersion: 4, conflict: null });
  });

  it("a later change elsewhere keeps the notice, with the newest version", () => {
    const asked = fieldReducer(editing("Mine"), { type: "remote", theirs: "Theirs", version: 4, by: "Ada" });
    const later = fieldReducer(asked, { type: "remote", theirs: "Theirs", version: 5, by: "Bo" });
    expect(later.conflict).toEqual({ theirs: "Theirs", by: "Ada", version: 5 });
    expect(fieldReducer(later, { type: "keepMine" }).baseVersion).toBe(5);
  });

  it("their own save coming back as an event is no conflict", () => {
    const next = fieldReducer(editing("Mine"), { type: "remote", theirs: "Mine", version: 4, by: "Me" });
    expect(next).toMatchObject({ draft: "Mine", conflict: null, baseVersion: 4 });
  });
});
