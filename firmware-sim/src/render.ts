/** Renders the current screen to SVG (and PNG through resvg), close enough to recognise the layout. */
import { existsSync, readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { DeviceProfile } from './devices.js';
import type { SimWidget } from './widgets.js';
import { ALIGN, TEXT_STYLE } from './zos/ui.js';

export interface RenderInput {
  device: DeviceProfile;
  widgets: SimWidget[];
  screenOn: boolean;
  scrollY: number;
  modal?: { title?: string; content: string; shown: boolean } | undefined;
  toast?: string | undefined;
  /** Square screens: the system status bar (app name, time) drawn over the top 64 px. */
  statusBar?: { title: string; time: string } | undefined;
  assetPath(src: string): string | undefined;
  imageSize(src: string): { width: number; height: number } | undefined;
}

const FONT = 'DejaVu Sans';
/** For Chinese (and other CJK) glyphs DejaVu lacks: WenQuanYi Micro Hei (Debian fonts-wqy-microhei). */
const CJK_FONT = 'WenQuanYi Micro Hei';
const FONT_FAMILY = `${FONT}, ${CJK_FONT}`;
/** Height of the square screens' system status bar. */
export const STATUS_BAR_PX = 64;
const CHAR_W = 0.56;

/**
 * CJK ideographs, kana, Hangul and full-width forms take about a full em; everything else the
 * average 0.56 em. In units of one average character (so Latin text wraps exactly as before).
 */
export function isWideChar(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
const WIDE_UNITS = 1 / CHAR_W;
function units(s: string): number {
  let u = 0;
  for (const ch of s) u += isWideChar(ch) ? WIDE_UNITS : 1;
  return u;
}
/** The longest start of `s` (in characters) within `max` units (at least one character). */
function fitChars(s: string, max: number): number {
  let u = 0;
  let n = 0;
  for (const ch of s) {
    u += isWideChar(ch) ? WIDE_UNITS : 1;
    if (u > max && n > 0) break;
    n += ch.length;
  }
  return n;
}
/** Greedy wrap of a paragraph with CJK in it: breaks at spaces and next to any wide character. */
function wrapWide(para: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  let lastBreak = -1;
  for (const ch of para) {
    const wide = isWideChar(ch);
    if (line === '' || units(line + ch) <= max) {
      if (wide && line !== '') lastBreak = line.length;
      line += ch;
      if (ch === ' ' || wide) lastBreak = line.length;
      continue;
    }
    if (ch === ' ') {
      out.push(line);
      line = '';
      lastBreak = -1;
      continue;
    }
    if (wide || lastBreak <= 0) {
      out.push(line.trimEnd());
      line = ch;
    } else {
      out.push(line.slice(0, lastBreak).trimEnd());
      line = line.slice(lastBreak).trimStart() + ch;
    }
    lastBreak = wide ? line.length : -1;
  }
  out.push(line);
  return out;
}

function n(v: unknown, d = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

export function color(v: unknown, d = 0xffffff): string {
  const c = typeof v === 'number' ? v : d;
  return `#${(c & 0xffffff).toString(16).padStart(6, '0')}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits text into lines the way a wrapping TEXT widget of width w would (approximation). */
/** What `getTextLayout` answers: width and height of the laid-out text, its rows, the text shown. */
export function textLayout(
  text: string,
  o: { text_size: number; text_width: number; wrapped?: number; rows_max?: number },
): { width: number; height: number; rows: number; result: number; text: string } {
  const size = Number(o.text_size) || 0;
  const width = Number(o.text_width) || 0;
  if (size <= 0 || width <= 0) return { width: 0, height: 0, rows: 0, result: -1, text: '' };
  let lines = o.wrapped === 1 ? wrapText(text, size, width, TEXT_STYLE.WRAP) : [text.split('\n').join(' ')];
  let result = 0;
  const max = Number(o.rows_max) || 0;
  if (max > 0 && lines.length > max) {
    const maxUnits = Math.max(1, Math.floor(width / (size * CHAR_W)));
    const lastLine = lines[max - 1] ?? '';
    const last = `${lastLine.slice(0, fitChars(lastLine, Math.max(0, maxUnits - 3)))}...`;
    lines = [...lines.slice(0, max - 1), last];
    result = 1;
  }
  const w = Math.max(0, ...lines.map((l) => Math.ceil(units(l) * size * CHAR_W)));
  return {
    width: w,
    height: Math.ceil(lines.length * size * 1.25),
    rows: lines.length,
    result,
    text: lines.join('\n'),
  };
}

export function wrapText(text: string, size: number, w: number, style: number | undefined): string[] {
  const maxChars = Math.max(1, Math.floor(w / (size * CHAR_W)));
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (style !== TEXT_STYLE.WRAP && style !== TEXT_STYLE.CHAR_WRAP) {
      if (style === TEXT_STYLE.ELLIPSIS && units(para) > maxChars)
        out.push(`${para.slice(0, fitChars(para, maxChars - 1))}…`);
      else out.push(para);
      continue;
    }
    if (units(para) !== para.length) {
      out.push(...wrapWide(para, maxChars));
      continue;
    }
    let line = '';
    for (const word of para.split(' ')) {
      const cand = line ? `${line} ${word}` : word;
      if (cand.length <= maxChars || !line) line = cand;
      else {
        out.push(line);
        line = word;
      }
      while (line.length > maxChars) {
        out.push(line.slice(0, maxChars));
        line = line.slice(maxChars);
      }
    }
    out.push(line);
  }
  return out;
}

function textBlock(
  text: string,
  b: { x: number; y: number; w: number; h: number },
  opts: {
    size: number;
    fill: string;
    alignH: number;
    alignV: number;
    style: number | undefined;
    opacity?: number;
  },
): string {
  const lines = wrapText(text, opts.size, b.w, opts.style);
  const lh = opts.size * 1.25;
  const total = lines.length * lh;
  let top = b.y;
  if (opts.alignV === ALIGN.CENTER_V) top = b.y + (b.h - total) / 2;
  else if (opts.alignV === ALIGN.BOTTOM) top = b.y + b.h - total;
  let anchor = 'start';
  let x = b.x;
  if (opts.alignH === ALIGN.CENTER_H) {
    anchor = 'middle';
    x = b.x + b.w / 2;
  } else if (opts.alignH === ALIGN.RIGHT) {
    anchor = 'end';
    x = b.x + b.w;
  }
  const op =
    opts.opacity !== undefined && opts.opacity < 1 ? ` fill-opacity="${opts.opacity.toFixed(3)}"` : '';
  return lines
    .map(
      (l, i) =>
        `<text x="${x.toFixed(1)}" y="${(top + i * lh + opts.size * 0.95).toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${opts.size}" fill="${opts.fill}"${op} text-anchor="${anchor}">${esc(l)}</text>`,
    )
    .join('');
}

function arcPath(cx: number, cy: number, r: number, start: number, end: number): string {
  const sweep = end - start;
  if (Math.abs(sweep) >= 360) {
    return `M ${cx + r} ${cy} A ${r} ${r} 0 1 1 ${cx - r} ${cy} A ${r} ${r} 0 1 1 ${cx + r} ${cy}`;
  }
  const rad = (d: number) => (d * Math.PI) / 180;
  const x1 = cx + r * Math.cos(rad(start));
  const y1 = cy + r * Math.sin(rad(start));
  const x2 = cx + r * Math.cos(rad(end));
  const y2 = cy + r * Math.sin(rad(end));
  const large = Math.abs(sweep) > 180 ? 1 : 0;
  const dir = sweep >= 0 ? 1 : 0;
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${r} ${r} 0 ${large} ${dir} ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

function alpha(p: Record<string, unknown>): string {
  const a = p.alpha;
  return typeof a === 'number' && a < 255 ? ` opacity="${(Math.max(0, a) / 255).toFixed(3)}"` : '';
}

function widgetSvg(w: SimWidget, input: RenderInput): string {
  const p = w.props;
  const b = w.bounds;
  const ox = b.x - w.localBounds.x;
  const oy = b.y - w.localBounds.y;
  switch (w.type) {
    case 'FILL_RECT':
      return `<rect data-type="FILL_RECT" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${n(p.radius)}" fill="${color(p.color)}"${alpha(p)}/>`;
    case 'STROKE_RECT': {
      const lw = n(p.line_width, 1);
      return `<rect data-type="STROKE_RECT" x="${b.x + lw / 2}" y="${b.y + lw / 2}" width="${Math.max(0, b.w - lw)}" height="${Math.max(0, b.h - lw)}" rx="${n(p.radius)}" fill="none" stroke="${color(p.color)}" stroke-width="${lw}"${alpha(p)}/>`;
    }
    case 'CIRCLE':
      return `<circle data-type="CIRCLE" cx="${n(p.center_x) + ox}" cy="${n(p.center_y) + oy}" r="${n(p.radius)}" fill="${color(p.color)}"${alpha(p)}/>`;
    case 'ARC': {
      const lw = n(p.line_width, 1);
      const r = Math.min(b.w, b.h) / 2 - lw / 2;
      if (r <= 0) return '';
      const d = arcPath(b.x + b.w / 2, b.y + b.h / 2, r, n(p.start_angle), n(p.end_angle));
      return `<path data-type="ARC" d="${d}" fill="none" stroke="${color(p.color)}" stroke-width="${lw}" stroke-linecap="round"${alpha(p)}/>`;
    }
    case 'ARC_PROGRESS': {
      const lw = n(p.line_width, 1);
      const start = n(p.start_angle);
      const end = n(p.end_angle);
      const level = Math.max(0, Math.min(100, n(p.level, 100)));
      if (level === 0) return '';
      const d = arcPath(
        n(p.center_x) + ox,
        n(p.center_y) + oy,
        n(p.radius),
        start,
        start + ((end - start) * level) / 100,
      );
      return `<path data-type="ARC_PROGRESS" d="${d}" fill="none" stroke="${color(p.color)}" stroke-width="${lw}" stroke-linecap="round"/>`;
    }
    case 'TEXT': {
      const text = w.text ?? '';
      if (!text) return '';
      const clip = `<clipPath id="c${w.id}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"/></clipPath>`;
      return `${clip}<g data-type="TEXT" clip-path="url(#c${w.id})">${textBlock(text, b, {
        size: n(p.text_size, 32),
        fill: color(p.color),
        alignH: n(p.align_h, ALIGN.LEFT),
        alignV: n(p.align_v, ALIGN.TOP),
        style: typeof p.text_style === 'number' ? p.text_style : undefined,
        opacity: typeof p.alpha === 'number' ? p.alpha / 255 : undefined,
      })}</g>`;
    }
    case 'BUTTON': {
      let bg = '';
      if (typeof p.normal_src === 'string') bg = imageSvg(p.normal_src, b, input);
      else
        bg = `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${n(p.radius)}" fill="${color(p.normal_color, 0x333333)}"/>`;
      const label = w.text
        ? textBlock(w.text, b, {
            size: n(p.text_size, 32),
            fill: color(p.color),
            alignH: ALIGN.CENTER_H,
            alignV: ALIGN.CENTER_V,
            style: undefined,
          })
        : '';
      return `<g data-type="BUTTON">${bg}${label}</g>`;
    }
    case 'IMG':
      return typeof p.src === 'string' ? `<g data-type="IMG">${imageSvg(p.src, b, input, p)}</g>` : '';
    default:
      return '';
  }
}

function imageSvg(
  src: string,
  b: { x: number; y: number; w: number; h: number },
  input: RenderInput,
  p: Record<string, unknown> = {},
): string {
  const file = input.assetPath(src);
  const size = input.imageSize(src);
  const w = p.w === undefined && size ? size.width : b.w;
  const h = p.h === undefined && size ? size.height : b.h;
  if (!file || !existsSync(file)) {
    return `<rect x="${b.x}" y="${b.y}" width="${w}" height="${h}" fill="none" stroke="#ff00ff" stroke-dasharray="4 4"/>`;
  }
  const data = readFileSync(file).toString('base64');
  const x = b.x + n(p.pos_x);
  const y = b.y + n(p.pos_y);
  return `<image x="${x}" y="${y}" width="${size?.width ?? w}" height="${size?.height ?? h}" href="data:image/png;base64,${data}"${alpha(p)}/>`;
}

export function renderSvg(input: RenderInput): string {
  const { width: W, height: H, shape } = input.device;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
  parts.push(
    shape === 'r'
      ? `<defs><clipPath id="screen"><circle cx="${W / 2}" cy="${H / 2}" r="${W / 2}"/></clipPath></defs>`
      : `<defs><clipPath id="screen"><rect width="${W}" height="${H}" rx="${Math.round(W * 0.12)}"/></clipPath></defs>`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#202020"/>`);
  parts.push('<g clip-path="url(#screen)">');
  parts.push(`<rect width="${W}" height="${H}" fill="#000000"/>`);
  if (input.screenOn) {
    parts.push(`<g transform="translate(0 ${-input.scrollY})">`);
    for (const w of input.widgets) if (w.shown) parts.push(widgetSvg(w, input));
    parts.push('</g>');
    if (input.statusBar) {
      // best-practice/multi-screen-adaption.mdx: 64 px, the app name left, the time right.
      const bar = STATUS_BAR_PX;
      parts.push(
        `<g data-type="STATUS_BAR"><rect width="${W}" height="${bar}" fill="#000000"/>` +
          `<text x="16" y="${bar / 2 + 9}" font-family="${FONT_FAMILY}" font-size="26" fill="#ffffff">${esc(input.statusBar.title)}</text>` +
          `<text x="${W - 16}" y="${bar / 2 + 9}" font-family="${FONT_FAMILY}" font-size="26" fill="#ffffff" text-anchor="end">${esc(input.statusBar.time)}</text></g>`,
      );
    }
    if (input.modal?.shown) {
      const m = input.modal;
      parts.push(`<g data-type="MODAL"><rect width="${W}" height="${H}" fill="#000000" opacity="0.85"/>`);
      if (m.title) {
        parts.push(
          textBlock(
            m.title,
            { x: W * 0.1, y: H * 0.22, w: W * 0.8, h: 50 },
            {
              size: 34,
              fill: '#ffffff',
              alignH: ALIGN.CENTER_H,
              alignV: ALIGN.CENTER_V,
              style: TEXT_STYLE.WRAP,
            },
          ),
        );
      }
      parts.push(
        textBlock(
          m.content,
          { x: W * 0.12, y: H * 0.34, w: W * 0.76, h: H * 0.3 },
          {
            size: 28,
            fill: '#dddddd',
            alignH: ALIGN.CENTER_H,
            alignV: ALIGN.CENTER_V,
            style: TEXT_STYLE.WRAP,
          },
        ),
      );
      parts.push(`<circle cx="${W * 0.35}" cy="${H * 0.78}" r="${W * 0.07}" fill="#444444"/>`);
      parts.push(`<circle cx="${W * 0.65}" cy="${H * 0.78}" r="${W * 0.07}" fill="#2a7de1"/>`);
      parts.push('</g>');
    }
    if (input.toast) {
      const tw = Math.min(W * 0.8, input.toast.length * 26 * CHAR_W + 40);
      parts.push(
        `<g data-type="TOAST"><rect x="${(W - tw) / 2}" y="${H * 0.78}" width="${tw}" height="48" rx="24" fill="#333333"/>${textBlock(
          input.toast,
          { x: (W - tw) / 2, y: H * 0.78, w: tw, h: 48 },
          { size: 26, fill: '#ffffff', alignH: ALIGN.CENTER_H, alignV: ALIGN.CENTER_V, style: undefined },
        )}</g>`,
      );
    }
  }
  parts.push('</g></svg>');
  return parts.join('');
}

const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
].filter((f) => existsSync(f));

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA at (x, y). */
  pixel(x: number, y: number): [number, number, number, number];
}

export function rasterize(svg: string): Raster {
  const r = new Resvg(svg, {
    font: {
      loadSystemFonts: FONT_FILES.length === 0,
      fontFiles: FONT_FILES,
      defaultFontFamily: FONT,
    },
  });
  const img = r.render();
  const pixels = img.pixels;
  const width = img.width;
  const height = img.height;
  return {
    png: img.asPng(),
    width,
    height,
    pixel(x, y) {
      const i = (Math.round(y) * width + Math.round(x)) * 4;
      return [pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0, pixels[i + 3] ?? 0];
    },
  };
}

/** Reads the width/height of a PNG file from its IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } | undefined {
  try {
    const b = readFileSync(file);
    if (b.length < 24 || b.readUInt32BE(12) !== 0x49484452) return undefined;
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  } catch {
    return undefined;
  }
}
