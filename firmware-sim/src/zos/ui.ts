/** `@zos/ui`: createWidget and friends on the sim's widget tree. */
import {
  CONTAINER_TYPES,
  EVENTS,
  type Listener,
  PROP_IDS,
  type Props,
  SUPPORTED_TYPES,
  type SimWidget,
  WIDGET_TYPES,
  type WidgetTypeName,
} from '../widgets.js';
import { textLayout } from '../render.js';
import type { ZosHost } from './host.js';

export const WIDGET_IDS: Record<string, number> = Object.fromEntries(WIDGET_TYPES.map((t, i) => [t, i + 1]));
const TYPE_BY_ID = new Map<number, WidgetTypeName>(WIDGET_TYPES.map((t, i) => [i + 1, t]));

export const ALIGN = { LEFT: 1, RIGHT: 2, CENTER_H: 4, TOP: 8, BOTTOM: 16, CENTER_V: 32 } as const;
export const TEXT_STYLE = { WRAP: 1, CHAR_WRAP: 2, ELLIPSIS: 3, NONE: 4 } as const;

export interface WidgetHandle {
  setProperty(prop: number, val: unknown): boolean;
  getProperty<T>(prop: number, extra?: unknown): T | undefined;
  addEventListener(type: number, fn: (event: never) => void): boolean;
  removeEventListener(type?: number, fn?: (event: never) => void): boolean;
  setAlpha(v: number): void;
  setColor(v: number): void;
  setEnable(v: boolean): void;
  setProperties(p: Record<string, unknown>): void;
  getProperties(...names: string[]): Record<string, unknown>;
  getId(): number;
  getType(): number;
  visible: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  createWidget?: (type: number, opts: Record<string, unknown>) => WidgetHandle;
  deleteWidget?: (w: WidgetHandle) => boolean;
}

/**
 * The shortcut card's box on this device (ui/getAppWidgetSize.mdx gives no figures: the margin,
 * width and corner radius here are the sim's assumption; the height defaults to half the screen
 * and `setAppWidgetSize` may set 20 %-60 % of it, guides/framework/device/secondary-widget.md).
 */
export function appWidgetBox(device: { width: number; height: number }, h?: number) {
  const margin = Math.round(device.width * 0.04);
  const lo = Math.round(device.height * 0.2);
  const hi = Math.round(device.height * 0.6);
  const height = h === undefined ? Math.round(device.height / 2) : Math.max(lo, Math.min(hi, Math.round(h)));
  return { w: device.width - 2 * margin, h: height, margin, radius: Math.round(device.width * 0.06) };
}

export function createUiModule(host: ZosHost) {
  const byHandle = new WeakMap<object, SimWidget>();

  function makeHandle(w: SimWidget): WidgetHandle {
    const geom = (k: 'x' | 'y' | 'w' | 'h') => ({
      get: () => w.localBounds[k],
      set: (v: number) => w.assign(k, v),
      enumerable: true,
    });
    const h: WidgetHandle = {
      setProperty: (prop, val) => w.setProp(prop, val),
      getProperty: <T>(prop: number) => w.getProp(prop) as T | undefined,
      addEventListener(type, listener) {
        if (typeof listener !== 'function') return false;
        const fn = listener as unknown as Listener;
        const list = w.listeners.get(type) ?? [];
        list.push(fn);
        w.listeners.set(type, list);
        return true;
      },
      removeEventListener(type, listener) {
        const fn = listener as unknown as Listener | undefined;
        if (type === undefined) w.listeners.clear();
        else if (!fn) w.listeners.delete(type);
        else
          w.listeners.set(
            type,
            (w.listeners.get(type) ?? []).filter((l) => l !== fn),
          );
        return true;
      },
      setAlpha: (v) => w.assign('alpha', v),
      setColor: (v) => w.assign('color', v),
      setEnable: (v) => w.assign('enable', v),
      setProperties: (p) => {
        for (const [k, v] of Object.entries(p)) w.assign(k, v);
      },
      getProperties: (...names) => Object.fromEntries(names.map((n) => [n, w.props[n]])),
      getId: () => w.id,
      getType: () => WIDGET_IDS[w.type] ?? 0,
      visible: true,
      x: 0,
      y: 0,
      w: 0,
      h: 0,
    };
    Object.defineProperty(h, 'visible', {
      get: () => w.visible,
      set: (v: boolean) => w.assign('visible', v),
    });
    Object.defineProperties(h, { x: geom('x'), y: geom('y'), w: geom('w'), h: geom('h') });
    if (CONTAINER_TYPES.has(w.type)) {
      h.createWidget = (type, opts) => create(type, opts, w);
      h.deleteWidget = (child) => remove(child);
    }
    byHandle.set(h, w);
    w.handle = h;
    return h;
  }

  function create(type: number, opts: Record<string, unknown> | undefined, parent?: SimWidget): WidgetHandle {
    const name = TYPE_BY_ID.get(type);
    if (!name) throw new Error(`createWidget: unknown widget type ${type}`);
    if (!SUPPORTED_TYPES.has(name))
      throw new Error(`createWidget: widget type ${name} is not implemented by firmware-sim`);
    const props: Props = { ...(opts ?? {}) };
    let par = parent;
    const optParent = props.parent;
    if (optParent && typeof optParent === 'object') {
      par = byHandle.get(optParent) ?? par;
      delete props.parent;
    }
    const w = host.tree.create(name, props, par);
    host.api.event('ui.create', { widget: w.id, type: name, text: w.text, key: w.key });
    return makeHandle(w);
  }

  function remove(handle: unknown): boolean {
    const w = handle && typeof handle === 'object' ? byHandle.get(handle) : undefined;
    if (!w) return false;
    return host.tree.remove(w);
  }

  return {
    createWidget: ((type: number, opts: Record<string, unknown>) => create(type, opts)) as (
      type: number,
      opts: Record<string, unknown>,
    ) => WidgetHandle,
    /** Present on the device runtime although `@zos/ui` 4.0 typings dropped it. */
    deleteWidget: remove,
    /**
     * ui/getTextLayout.mdx (API 2.0; not in the 4.0 typings): the size text takes when laid out,
     * measured by the same rule the sim renders with, so what it calls fitting is drawn that way.
     */
    getTextLayout: (
      text: string,
      o: { text_size: number; text_width: number; wrapped?: number; rows_max?: number },
    ) => textLayout(String(text ?? ''), o),
    /** ui/getAppWidgetSize.mdx (API 2.0): the shortcut card's box (see `appWidgetBox`). */
    getAppWidgetSize: () => appWidgetBox(host.api.device, host.cardHeight),
    /** ui/setAppWidgetSize.mdx (API 2.0): only the height, 20 %-60 % of the screen. */
    setAppWidgetSize: (o: { h: number }) => {
      if (typeof o?.h === 'number' && Number.isFinite(o.h))
        host.cardHeight = appWidgetBox(host.api.device, o.h).h;
    },
    widget: { ...WIDGET_IDS },
    prop: { ...PROP_IDS },
    align: { ...ALIGN },
    text_style: { ...TEXT_STYLE },
    event: { ...EVENTS },
  };
}
