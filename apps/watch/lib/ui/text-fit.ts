/**
 * Text measuring, shared by every page (and by the sim test that checks the result). Widths are
 * estimated per character (0.56 em on average, more for capitals, digits and m/w, a full em for
 * Chinese and other CJK characters); where the
 * firmware measures text itself (`getTextLayout`, installed with `useTextMeasure` by app.js), a
 * line is as wide as the larger of the two, so it fits both by the device and by the estimate.
 */

/** Line pitch of wrapped text, in em. */
export const LINE_EM = 1.3;

/** Three full stops, not U+2026: the watch fonts may not have that glyph. */
export const ELLIPSIS = '...';

/** CJK ideographs, kana, Hangul and full-width punctuation: about a full em each. */
export function isWideChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

function charEm(ch: string): number {
  if (isWideChar(ch)) return 1;
  if (ch === 'M' || ch === 'W') return 0.95;
  if (ch === 'm' || ch === 'w') return 0.9;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  if (ch >= '0' && ch <= '9') return 0.64;
  return 0.56;
}

let platformWidth: ((text: string, size: number) => number) | null = null;

/** Lets the watch's own text layout have its say in every width (null: estimate only). */
export function useTextMeasure(measure: ((text: string, size: number) => number) | null): void {
  platformWidth = measure;
}

/** Width (px) of one line of `text` at font size `size`. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  const estimate = em * size;
  return platformWidth === null ? estimate : Math.max(estimate, platformWidth(text, size));
}

/** How many lines of `size` fit into a box `h` tall (1 em for the first line, LINE_EM for each next). */
export function linesThatFit(h: number, size: number): number {
  if (h < size) return 0;
  return Math.floor((h / size - 1) / LINE_EM) + 1;
}

/** Height a block of `lines` lines is given when a page stacks it (a little generous). */
export function linesHeight(lines: number, size: number): number {
  return Math.ceil(Math.max(1, lines) * size * LINE_EM);
}

/** The longest start of `text` that fits in `width` with an ellipsis after it. */
export function ellipsize(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 0 && textWidth(`${cut.trimEnd()}${ELLIPSIS}`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Greedy word wrap by the width estimate; a word wider than the line is broken. */
export function wrapLines(text: string, width: number, size: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (textWidth(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') out.push(line);
      line = word;
      while (line.length > 1 && textWidth(line, size) > width) {
        let n = line.length - 1;
        while (n > 1 && textWidth(line.slice(0, n), size) > width) n -= 1;
        out.push(line.slice(0, n));
        line = line.slice(n);
      }
    }
    out.push(line);
  }
  return out;
}

/**
 * `text` wrapped into at most `maxLines` lines of `width`; what does not fit ends in an ellipsis.
 * `suffix` (e.g. " (5 min)") always stays whole at the end of the last line.
 */
export function fitLines(
  text: string,
  width: number,
  size: number,
  maxLines: number,
  suffix = '',
): { lines: string[]; cut: boolean } {
  const n = Math.max(1, maxLines);
  const lines = wrapLines(text, width, size);
  const lastFits = (line: string) => textWidth(`${line}${suffix}`, size) <= width;
  const last = lines[lines.length - 1] ?? '';
  if (lines.length <= n && lastFits(last)) {
    return { lines: [...lines.slice(0, -1), `${last}${suffix}`], cut: false };
  }
  // The suffix alone on a line of its own, when there is room for one more line.
  if (suffix !== '' && lines.length < n && textWidth(suffix.trim(), size) <= width) {
    return { lines: [...lines, suffix.trim()], cut: false };
  }
  const kept = lines.slice(0, n - 1);
  const rest = lines.slice(n - 1).join(' ');
  const room = width - textWidth(suffix, size);
  return { lines: [...kept, `${ellipsize(rest, room, size)}${suffix}`], cut: true };
}

/**
 * Fits `text` into a box `width` wide: the fewest lines first, and for each line count the
 * largest size in `sizes` (largest first) at which nothing is cut; when nothing fits, the
 * smallest size with as many lines as it may use (`maxLines(size)`) and an ellipsis.
 */
export function fitText(
  text: string,
  width: number,
  sizes: readonly number[],
  maxLines: (size: number) => number,
  suffix = '',
): { text: string; size: number; lines: number } {
  const most = Math.max(1, ...sizes.map((size) => maxLines(size)));
  for (let lines = 1; lines <= most && lines <= 8; lines++) {
    for (const size of sizes) {
      if (lines > maxLines(size)) continue;
      const fitted = fitLines(text, width, size, lines, suffix);
      if (!fitted.cut) return { text: fitted.lines.join('\n'), size, lines: fitted.lines.length };
    }
  }
  const size = sizes[sizes.length - 1] ?? 0;
  const fitted = fitLines(text, width, size, maxLines(size), suffix);
  return { text: fitted.lines.join('\n'), size, lines: fitted.lines.length };
}

/** The width a BUTTON's label may use: its round ends take a quarter of its height on each side. */
export function buttonTextWidth(w: number, h: number): number {
  return Math.max(0, w - h / 2);
}

/** Vertical room for a BUTTON's label lines (a small margin top and bottom). */
export function buttonTextHeight(h: number): number {
  return Math.round(h * 0.86);
}

/** The fitting functions pages use, handed out once through the shared core (`core().textFit`). */
export const textFit = {
  fitText,
  wrapLines,
  linesHeight,
  linesThatFit,
  buttonTextWidth,
  buttonTextHeight,
};
