/** The board's drag-and-drop sensors: mouse, touch and keyboard. */
import { KeyboardSensor, MouseSensor, TouchSensor, useSensor, useSensors } from "@dnd-kit/core";
import { keyboardCoordinates } from "../model/dragging";

// Mouse and touch apart: a touch drag starts after a short press, so that a swipe still
// scrolls the board. The same objects at every render: new options make new sensors, new
// sensors new listeners for every tile, and every tile on the board would draw again at
// each of the board's renders (the first one alone has a render a column).
const MOUSE = { activationConstraint: { distance: 6 } };
const TOUCH = { activationConstraint: { delay: 200, tolerance: 8 } };
const KEYS = { coordinateGetter: keyboardCoordinates };

export function useBoardSensors() {
  return useSensors(useSensor(MouseSensor, MOUSE), useSensor(TouchSensor, TOUCH), useSensor(KeyboardSensor, KEYS));
}
