/** The widget tree of the current screen: the model behind `@zos/ui`, inspected and driven by tests. */

export const WIDGET_TYPES = [
  'GROUP',
  'IMG',
  'IMG_GROUP',
  'TEXT',
  'ARC',
  'FILL_RECT',
  'STROKE_RECT',
  'TEXT_IMG',
  'ARC_PROGRESS',
  'IMG_PROGRESS',
  'IMG_ARC_PROGRESS',
  'IMG_LEVEL',
  'IMG_ANIM',
  'BUTTON',
  'KEYBOARD',
  'LINE_PROGRESS',
  'BUTTON_GROUP',
  'VARIANT_BUTTON',
  'CIRCLE',
  'DIALOG',
  'SCROLL_LIST',
  'SLIDE_SWITCH',
  'CYCLE_LIST',
  'CYCLE_IMAGE_TEXT_LIST',
  'IMG_POINTER',
  'CHECKBOX_GROUP',
  'STATE_BUTTON',
  'RADIO_GROUP',
  'WIDGET_DELEGATE',
  'HISTOGRAM',
  'PICK_DATE',
  'TIME_PICKER',
  'SPORT_DATA',
  'VIEW_CONTAINER',
  'GROUP_VIEW',
  'VIRTUAL_CONTAINER',
  'WIDGET_PICKER',
  'QRCODE',
  'POLYLINE',
  'CANVAS',
  'PAGE_INDICATOR',
  'PAGE_SCROLLBAR',
] as const;
export type WidgetTypeName = (typeof WIDGET_TYPES)[number];

/** Widget types the sim implements (creating any other one throws, so gaps are loud). */
export const SUPPORTED_TYPES: ReadonlySet<WidgetTypeName> = new Set<WidgetTypeName>([
  'GROUP',
  'TEXT',
  'BUTTON',
  'FILL_RECT',
  'STROKE_RECT',
  'ARC',
  'ARC_PROGRESS',
  'IMG',
  'CIRCLE',
  'VIEW_CONTAINER',
]);

export const CONTAINER_TYPES: ReadonlySet<WidgetTypeName> = new Set<WidgetTypeName>([
  'GROUP',
  'VIEW_CONTAINER',
]);

export const EVENTS = { CLICK_DOWN: 1, CLICK_UP: 2, MOVE: 3, MOVE_IN: 4, MOVE_OUT: 5, SELECT: 6 } as const;

/** `prop.*` ids → option names. */
export const PROP_NAMES: Record<string, string> = {
  X: 'x',
  Y: 'y',
  W: 'w',
  H: 'h',
  POS_X: 'pos_x',
  POS_Y: 'pos_y',
  ANGLE: 'angle',
  CENTER_X: 'center_x',
  CENTER_Y: 'center_y',
  SRC: 'src',
  TEXT: 'text',
  TEXT_SIZE: 'text_size',
  COLOR: 'color',
  START_ANGLE: 'start_angle',
  END_ANGLE: 'end_angle',
  LINE_WIDTH: 'line_width',
  LINE_PROGRESS_START_X: 'start_x',
  LINE_PROGRESS_START_Y: 'start_y',
  LINE_PROGRESS_END_X: 'end_x',
  LINE_PROGRESS_END_Y: 'end_y',
  LINE_PROGRESS_PROGRESS: 'progress',
  LINE_PROGRESS_SRC_BG: 'src_bg',
  LINE_PROGRESS_SRC_PROGRESS: 'src_progress',
  LINE_PROGRESS_SRC_INDICATOR: 'src_indicator',
  WORD_WRAP: 'text_style',
  ID: 'id',
  DATASET: 'dataset',
  VISIBLE: 'visible',
  MORE: '*',
};
export const PROP_IDS: Record<string, number> = Object.fromEntries(
  Object.keys(PROP_NAMES).map((k, i) => [k, k === 'MORE' ? 0x1000 : i + 1]),
);
const PROP_BY_ID = new Map<number, string>(Object.entries(PROP_IDS).map(([k, v]) => [v, k]));

export type Listener = (event: { x: number; y: number; type: number; target: unknown }) => void;

export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Props = Record<string, unknown>;

function num(v: unknown, d = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

export class SimWidget {
  readonly children: SimWidget[] = [];
  readonly listeners = new Map<number, Listener[]>();
  visible = true;
  enabled = true;
  deleted = false;
  /** The object handed to app code (its `this`/argument in callbacks). */
  handle: unknown;

  constructor(
    readonly id: number,
    readonly type: WidgetTypeName,
    public props: Props,
    readonly parent: SimWidget | undefined,
    private readonly screen: { width: number; height: number },
  ) {
    if (props.visible === false) this.visible = false;
    if (props.enable === false) this.enabled = false;
  }

  get text(): string | undefined {
    const t = this.props.text;
    return typeof t === 'string' ? t : typeof t === 'number' ? String(t) : undefined;
  }

  /** The `id` option given at creation (string), if any. */
  get key(): string | undefined {
    return typeof this.props.id === 'string' ? this.props.id : undefined;
  }

  /** Bounds relative to the parent container. */
  get localBounds(): Bounds {
    const p = this.props;
    if (this.type === 'CIRCLE') {
      const r = num(p.radius);
      return { x: num(p.center_x) - r, y: num(p.center_y) - r, w: 2 * r, h: 2 * r };
    }
    if (this.type === 'ARC_PROGRESS') {
      const r = num(p.radius);
      return { x: num(p.center_x) - r, y: num(p.center_y) - r, w: 2 * r, h: 2 * r };
    }
    const parentW = this.parent ? this.parent.localBounds.w : this.screen.width;
    const parentH = this.parent ? this.parent.localBounds.h : this.screen.height;
    const x = num(p.x);
    const y = num(p.y);
    const w = p.w === undefined ? Math.max(0, parentW - x) : num(p.w);
    let h = num(p.h, -1);
    if (h < 0) h = this.type === 'TEXT' ? Math.round(num(p.text_size, 32) * 1.4) : Math.max(0, parentH - y);
    return { x, y, w, h };
  }

  /** Bounds in screen coordinates (containers offset their children, VIEW_CONTAINER scrolls). */
  get bounds(): Bounds {
    const b = this.localBounds;
    let ox = 0;
    let oy = 0;
    for (let a = this.parent; a; a = a.parent) {
      const ab = a.localBounds;
      ox += ab.x - (a.type === 'VIEW_CONTAINER' ? num(a.props.pos_x) : 0);
      oy += ab.y - (a.type === 'VIEW_CONTAINER' ? num(a.props.pos_y) : 0);
    }
    return { x: b.x + ox, y: b.y + oy, w: b.w, h: b.h };
  }

  /** Visible and every ancestor visible. */
  get shown(): boolean {
    for (let w: SimWidget | undefined = this; w; w = w.parent) if (!w.visible || w.deleted) return false;
    return true;
  }

  get interactive(): boolean {
    if (!this.enabled) return false;
    if (this.type === 'BUTTON' && (this.props.click_func || this.props.longpress_func)) return true;
    return (
      this.listeners.size > 0 ||
      typeof this.props.click_up === 'function' ||
      typeof this.props.click_down === 'function'
    );
  }

  /** Updates the widget refused (the sim's tests look here; the device just ignores them). */
  readonly rejected: Array<{ prop: string; keys: string[] }> = [];

  setProp(propId: number, value: unknown): boolean {
    const name = PROP_BY_ID.get(propId);
    if (!name) return false;
    if (name === 'MORE') {
      if (!value || typeof value !== 'object') return false;
      const props = value as Props;
      // A BUTTON takes a MORE update only with its geometry: x, y, w and h are required
      // (ui/widget/BUTTON.mdx). Without them the device ignores the whole update.
      if (this.type === 'BUTTON' && !['x', 'y', 'w', 'h'].every((k) => typeof props[k] === 'number')) {
        this.rejected.push({ prop: 'MORE', keys: Object.keys(props) });
        return false;
      }
      for (const [k, v] of Object.entries(props)) this.assign(k, v);
      return true;
    }
    this.assign(PROP_NAMES[name] ?? name, value);
    return true;
  }

  assign(key: string, value: unknown): void {
    if (key === 'visible') {
      this.visible = Boolean(value);
      return;
    }
    if (key === 'enable') this.enabled = Boolean(value);
    this.props[key] = value;
  }

  getProp(propId: number): unknown {
    const name = PROP_BY_ID.get(propId);
    if (!name) return undefined;
    if (name === 'MORE') {
      const b = this.localBounds;
      return { ...this.props, x: b.x, y: b.y, w: b.w, h: b.h, visible: this.visible };
    }
    if (name === 'VISIBLE') return this.visible;
    const key = PROP_NAMES[name] ?? name;
    if (key in this.props) return this.props[key];
    const b = this.localBounds as unknown as Props;
    return b[key];
  }

  /** Depth-first list of this widget and its descendants. */
  *walk(): Generator<SimWidget> {
    yield this;
    for (const c of this.children) yield* c.walk();
  }

  toJSON(): Props {
    const props: Props = {};
    for (const [k, v] of Object.entries(this.props)) props[k] = typeof v === 'function' ? '[function]' : v;
    return {
      id: this.id,
      type: this.type,
      visible: this.visible,
      props,
      children: this.children.map((c) => c.toJSON()),
    };
  }
}

/** All widgets of one page. */
export class WidgetTree {
  readonly roots: SimWidget[] = [];
  private nextId = 1;
  constructor(readonly size: { width: number; height: number }) {}

  create(type: WidgetTypeName, props: Props, parent?: SimWidget): SimWidget {
    const w = new SimWidget(this.nextId++, type, props, parent, this.size);
    if (parent) parent.children.push(w);
    else this.roots.push(w);
    return w;
  }

  remove(w: SimWidget): boolean {
    const list = w.parent ? w.parent.children : this.roots;
    const i = list.indexOf(w);
    if (i < 0) return false;
    list.splice(i, 1);
    for (const d of w.walk()) d.deleted = true;
    return true;
  }

  clear(): void {
    for (const r of this.roots) for (const d of r.walk()) d.deleted = true;
    this.roots.length = 0;
  }

  *all(): Generator<SimWidget> {
    for (const r of this.roots) yield* r.walk();
  }
}
