import { forwardRef, type ButtonHTMLAttributes } from "react";

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  label: string;
}

/** The grip in a column's header that the column is picked up by: mouse, touch, or Space
 * on the keyboard (dnd-kit's attributes and listeners come in as props). */
export const LaneHandle = forwardRef<HTMLButtonElement, Props>(function LaneHandle({ label, ...props }, ref) {
  return (
    <button type="button" {...props} ref={ref} className="drag-handle lane-handle" aria-label={label} aria-roledescription="draggable column">
      <svg width="16" height="12" viewBox="0 0 16 12" aria-hidden="true">
        <circle cx="3" cy="3" r="1.5" /><circle cx="8" cy="3" r="1.5" /><circle cx="13" cy="3" r="1.5" />
        <circle cx="3" cy="9" r="1.5" /><circle cx="8" cy="9" r="1.5" /><circle cx="13" cy="9" r="1.5" />
      </svg>
    </button>
  );
});
