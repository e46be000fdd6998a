// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { panelOpen, rememberDetails } from "./panel";

function serverPanel(): HTMLDetailsElement {
  const details = document.createElement("details");
  details.open = true; // the server's page renders it open
  document.body.append(details);
  return details;
}

describe("the side panel's <details> on the server's page", () => {
  afterEach(() => {
    localStorage.clear();
    document.body.replaceChildren();
  });

  it("opens as it was left", () => {
    localStorage.setItem("teamboard.sidePanel", "closed");
    const details = serverPanel();
    rememberDetails(details);
    expect(details.open).toBe(false);
  });

  it("keeps a close made before the script ran, and remembers it", () => {
    const details = serverPanel();
    details.open = false; // clicked while the script was still loading
    rememberDetails(details);
    expect(details.open).toBe(false);
    expect(panelOpen()).toBe(false);
  });

  it("remembers what the person does with it afterwards, before the next task", async () => {
    const details = serverPanel();
    rememberDetails(details);
    details.open = false;
    await Promise.resolve(); // a microtask: the toggle event's task may never run (a reload)
    expect(panelOpen()).toBe(false);
    details.open = true;
    await Promise.resolve();
    expect(panelOpen()).toBe(true);
  });

  it("stops remembering once let go", async () => {
    const details = serverPanel();
    rememberDetails(details)();
    details.open = false;
    await Promise.resolve();
    expect(panelOpen()).toBe(true);
  });
});
