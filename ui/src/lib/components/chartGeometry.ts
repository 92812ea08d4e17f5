// Pure geometry for the hover readout of the core's SVG charts. Every chart
// kind uses equal-width x bands across the plot area, so a pointer position
// maps to a band index with one division; no knowledge of the drawing needed.

export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where the SVG's user space (viewBox 0 0 width height) lands inside the
 * element box under the default preserveAspectRatio="xMidYMid meet": scaled
 * uniformly and centred. Null when the element has no size (not laid out).
 */
function viewportTransform(box: Box, width: number, height: number): { scale: number; dx: number; dy: number } | null {
  if (box.width <= 0 || box.height <= 0 || width <= 0 || height <= 0) return null;
  const scale = Math.min(box.width / width, box.height / height);
  return {
    scale,
    dx: box.left + (box.width - width * scale) / 2,
    dy: box.top + (box.height - height * scale) / 2,
  };
}

/** Client (CSS pixel) coordinates to SVG user units; `box` is the svg's getBoundingClientRect(). */
export function clientToUser(client: Point, box: Box, width: number, height: number): Point | null {
  const t = viewportTransform(box, width, height);
  if (!t) return null;
  return { x: (client.x - t.dx) / t.scale, y: (client.y - t.dy) / t.scale };
}

/** SVG user units to client coordinates (to place the tooltip for keyboard focus). */
export function userToClient(user: Point, box: Box, width: number, height: number): Point | null {
  const t = viewportTransform(box, width, height);
  if (!t) return null;
  return { x: t.dx + user.x * t.scale, y: t.dy + user.y * t.scale };
}

/**
 * The x band under user-space x, or -1 outside the plot horizontally:
 * i = floor((x - left) / (right - left) * count). The right edge itself belongs
 * to the last band. Vertical position is not checked: hovering the axis labels
 * under a bar reads that bar, which is what people expect.
 */
export function bandIndex(x: number, plot: Plot, count: number): number {
  const span = plot.right - plot.left;
  if (count <= 0 || span <= 0 || !Number.isFinite(x)) return -1;
  if (x < plot.left || x > plot.right) return -1;
  return Math.min(count - 1, Math.floor(((x - plot.left) / span) * count));
}

/** The rectangle of band `index` in user units, for the highlight overlay. */
export function bandRect(index: number, plot: Plot, count: number): { x: number; y: number; width: number; height: number } | null {
  if (count <= 0 || index < 0 || index >= count) return null;
  const width = (plot.right - plot.left) / count;
  return { x: plot.left + index * width, y: plot.top, width, height: plot.bottom - plot.top };
}

/** Keyboard navigation across bands: clamps, and starts at the first/last band from "none". */
export function stepBand(current: number, key: string, count: number): number {
  if (count <= 0) return -1;
  switch (key) {
    case "ArrowRight":
      return current < 0 ? 0 : Math.min(count - 1, current + 1);
    case "ArrowLeft":
      return current < 0 ? count - 1 : Math.max(0, current - 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return current;
  }
}
