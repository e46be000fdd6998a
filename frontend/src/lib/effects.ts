/** When effects run around input events. The app is written for React's API and runs on
 * Preact's compatibility layer (vite.config.ts). React guarantees two things Preact does
 * not: the effects still pending when a key press or a click comes in run before it is
 * handled, and the effects of a render caused by input run before the next input. Code
 * written for React relies on both (a key listener subscribed in an effect, a drag that
 * measures its targets in one), and without them a quick key could be lost. Here both
 * hold; everything else still runs after the paint as Preact does, so that a board taking
 * over the page gets its first frame out early. */
import { options } from "preact";

const INPUT = ["keydown", "keyup", "pointerdown", "pointerup", "click", "input", "change"];
let handlingInput = false;
const waiting = new Set<() => void>();

export function promptEffectsAfterInput(target: EventTarget = window): void {
  const beforeInput = () => {
    for (const run of [...waiting]) run();
    handlingInput = true;
    setTimeout(() => (handlingInput = false));
  };
  for (const type of INPUT) target.addEventListener(type, beforeInput, { capture: true });
  options.requestAnimationFrame = (callback) => {
    if (handlingInput) {
      queueMicrotask(callback);
      return;
    }
    const run = () => {
      if (waiting.delete(run)) callback();
    };
    waiting.add(run);
    afterNextFrame(run);
  };
}

/** Preact's own default: after the next frame, or after 100 ms when no frame comes (a
 * hidden tab draws none). */
function afterNextFrame(callback: () => void): void {
  let frame = 0;
  const done = () => {
    clearTimeout(timeout);
    cancelAnimationFrame(frame);
    setTimeout(callback);
  };
  const timeout = setTimeout(done, 100);
  frame = requestAnimationFrame(done);
}
