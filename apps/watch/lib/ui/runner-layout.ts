import type { ScreenInfo } from '../platform/screen-info.js';
import { SQUARE_STATUS_BAR_PX, chordHalf } from './layout.js';

/** A box on screen (px). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where the runner draws everything that must be visible without scrolling: headline, stretch
 * name, the stretch's picture beside the seconds, side / rep + breath line, two or three short step
 * lines, and Pause / Skip.
 * Round screens get the progress ring around the bezel and every box inside the safe circle
 * (checked against the round mask by `insideCircle`); square screens a small ring round the
 * seconds. Sizes are in design units (480 round, 390 square) and scale with the real width.
 */
export interface RunnerLayout {
  headline: Box & { size: number };
  name: Box & { size: number };
  seconds: Box & { size: number };
  /**
   * The stretch's picture, beside the seconds: its PNG is rendered at exactly this size by the build
   * (scripts/stretch-art.ts), so the device draws it pixel for pixel. Aspect 5:4, as the drawings.
   */
  picture: Box;
  detail: Box & { size: number };
  steps: Box & { size: number };
  pause: Box;
  skip: Box;
  buttonText: number;
  ring: { cx: number; cy: number; radius: number; lineWidth: number };
  /** First y below the first screen, for the scroll-down part (tip, Stop routine). */
  below: number;
}

/** True when a rectangle with rounded ends (`radius`) lies inside the circle (`c`, `r`). */
export function insideCircle(b: Box, c: number, r: number, radius = 0): boolean {
  const rr = Math.min(radius, b.w / 2, b.h / 2);
  // The corner points of the rectangle, pulled in along the diagonal by the rounding.
  const pull = rr * (1 - Math.SQRT1_2);
  const xs = [b.x + pull, b.x + b.w - pull];
  const ys = [b.y + pull, b.y + b.h - pull];
  return xs.every((x) => ys.every((y) => (x - c) ** 2 + (y - c) ** 2 <= r * r));
}

/** A 5:4 box of height `h` centred on `cx`. */
function pictureBox(cx: number, y: number, h: number): Box {
  const w = Math.round((h * 5) / 4);
  return { x: Math.round(cx - w / 2), y, w, h };
}

export function runnerLayout(screen: ScreenInfo, minTap: number): RunnerLayout {
  const W = screen.width;
  if (screen.round) {
    const s = (n: number) => Math.round((n * W) / 480);
    const c = W / 2;
    const lineWidth = Math.max(6, s(10));
    const ring = { cx: c, cy: c, radius: c - s(6) - lineWidth / 2, lineWidth };
    // Everything stays inside the ring's inner edge with a margin.
    const safe = ring.radius - lineWidth / 2 - s(4);
    const centred = (y: number, h: number, maxW: number, inset: number) => {
      const half = Math.min(chordHalf(c, safe, y), chordHalf(c, safe, y + h));
      const w = Math.min(maxW, Math.max(0, 2 * half - 2 * inset));
      return { x: Math.round(c - w / 2), y, w: Math.round(w), h };
    };
    const buttonH = Math.max(minTap, s(80));
    const buttonY = s(338);
    const gap = s(12);
    // Pause / Skip: as wide as the circle allows at that height, rounded ends checked too.
    let rowW = s(320);
    const row = (w: number) => ({
      left: { x: Math.round(c - w / 2), y: buttonY, w: Math.round((w - gap) / 2), h: buttonH },
      right: { x: Math.round(c + gap / 2), y: buttonY, w: Math.round((w - gap) / 2), h: buttonH },
    });
    while (
      rowW > s(200) &&
      !(
        insideCircle(row(rowW).left, c, safe, buttonH / 2) &&
        insideCircle(row(rowW).right, c, safe, buttonH / 2)
      )
    )
      rowW -= 4;
    const { left, right } = row(rowW);
    return {
      headline: { ...centred(s(50), s(30), s(300), 0), size: s(22) },
      name: { ...centred(s(82), s(36), s(360), 0), size: s(26) },
      // picture left of centre, seconds right of it, each centred in its half of the row; the
      // picture 2 px shorter than the row, so rounding on any width keeps it off the detail line
      seconds: { x: Math.round(c + s(4)), y: s(120), w: s(140), h: s(84), size: s(72) },
      picture: pictureBox(c - s(74), s(120), s(82)),
      detail: { ...centred(s(204), s(34), s(400), 0), size: s(26) },
      steps: { ...centred(s(240), s(96), s(420), s(4)), size: s(19) },
      pause: left,
      skip: right,
      buttonText: s(26),
      ring,
      below: W + gap,
    };
  }
  const s = (n: number) => Math.round((n * W) / 390);
  const x = s(12);
  const w = W - 2 * x;
  const buttonH = Math.max(minTap, s(80));
  const gap = s(10);
  const buttonY = screen.height - s(12) - buttonH;
  const radius = s(44);
  const half = Math.round((w - gap) / 2);
  // Below the system status bar.
  const top = SQUARE_STATUS_BAR_PX + s(4);
  const ringY = top + s(68);
  // the seconds ring right of centre, the picture left of it
  const ringCx = Math.round(W / 2 + s(74));
  const detailY = ringY + radius * 2 + s(4);
  const stepsY = detailY + s(34);
  return {
    headline: { x, y: top, w, h: s(28), size: s(22) },
    name: { x, y: top + s(30), w, h: s(34), size: s(26) },
    seconds: { x: Math.round(ringCx - radius), y: ringY, w: radius * 2, h: radius * 2, size: s(54) },
    picture: pictureBox(W / 2 - s(74), ringY, radius * 2),
    detail: { x, y: detailY, w, h: s(30), size: s(24) },
    steps: { x, y: stepsY, w, h: buttonY - s(6) - stepsY, size: s(19) },
    pause: { x, y: buttonY, w: half, h: buttonH },
    skip: { x: x + half + gap, y: buttonY, w: w - half - gap, h: buttonH },
    buttonText: s(26),
    ring: { cx: ringCx, cy: ringY + radius, radius, lineWidth: Math.max(6, s(8)) },
    below: screen.height + gap,
  };
}
