/** A label's colour as a dot: an SVG attribute, not a style (the CSP allows no inline
 * styles), as the server's chip does. */
export function LabelDot({ color }: { color: string }) {
  return (
    <svg className="chip-dot" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <circle cx="5" cy="5" r="5" fill={color} />
    </svg>
  );
}
