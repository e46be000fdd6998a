import { describe, expect, it } from "vitest";
import { connectionOf } from "./connection";

const facts = { online: true, declined: false, watching: false, reopening: false };

describe("connectionOf", () => {
  it("says offline whenever the device has no network, whatever the socket", () => {
    expect(connectionOf({ ...facts, online: false, watching: true })).toBe("offline");
    expect(connectionOf({ ...facts, online: false, declined: true })).toBe("offline");
  });

  it("says live only once the board's subscription is confirmed", () => {
    expect(connectionOf({ ...facts, watching: true })).toBe("live");
    expect(connectionOf(facts)).toBe("connecting");
  });

  it("tells a reconnection from the first connection", () => {
    expect(connectionOf({ ...facts, reopening: true })).toBe("reconnecting");
  });

  it("says nothing where the server offers no live updates and the network is there", () => {
    expect(connectionOf({ ...facts, declined: true })).toBe("none");
  });
});
