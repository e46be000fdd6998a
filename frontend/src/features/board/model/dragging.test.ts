import type { DroppableContainer } from "@dnd-kit/core";
import { describe, expect, it } from "vitest";
import { collide, nextLane } from "./dragging";

type Rects = Parameters<typeof nextLane>[2];
const lane = (id: string) => ({ id }) as unknown as DroppableContainer;
// Four columns side by side; the second is much taller than the others (a long column),
// which by corners makes the third look nearer to the first than the second is.
const rects = new Map([
  ["lane-1", { left: 0, top: 0, width: 280, height: 400 }],
  ["lane-2", { left: 300, top: 0, width: 280, height: 4000 }],
  ["lane-3", { left: 600, top: 0, width: 280, height: 300 }],
  ["lane-4", { left: 900, top: 0, width: 280, height: 300 }],
]) as unknown as Rects;
const lanes = ["lane-3", "lane-1", "lane-4", "lane-2"].map(lane);

describe("a column moved with the arrow keys", () => {
  it("goes one column at a time, whatever their heights", () => {
    expect(nextLane("ArrowRight", 0, rects)?.(lanes)).toBe("lane-2");
    expect(nextLane("ArrowRight", 300, rects)?.(lanes)).toBe("lane-3");
    expect(nextLane("ArrowLeft", 900, rects)?.(lanes)).toBe("lane-3");
    expect(nextLane("ArrowLeft", 300, rects)?.(lanes)).toBe("lane-1");
  });

  it("stays at the ends, and leaves other keys alone", () => {
    expect(nextLane("ArrowRight", 900, rects)?.(lanes)).toBeNull();
    expect(nextLane("ArrowLeft", 0, rects)?.(lanes)).toBeNull();
    expect(nextLane("ArrowDown", 0, rects)).toBeNull();
  });
});

describe("a column dragged over the others", () => {
  it("is over the column nearest across, not the one whose height is alike", () => {
    const laneData = (id: string) =>
      ({ id, data: { current: { type: "lane", id: Number(id.slice(5)) } }, disabled: false }) as unknown as DroppableContainer;
    const collisions = collide({
      active: { id: "lane-1", data: { current: { type: "lane", id: 1 } }, rect: { current: { initial: null, translated: null } } },
      // The first column (400 tall) dragged onto the second (4,000 tall).
      collisionRect: { left: 310, top: 0, width: 280, height: 400, right: 590, bottom: 400 },
      droppableRects: rects,
      droppableContainers: ["lane-1", "lane-2", "lane-3", "lane-4"].map(laneData),
      pointerCoordinates: null,
    });
    expect(collisions[0]?.id).toBe("lane-2");
  });
});
