/**
 * The simulated watch over HTTP, for the dashboard's Watch view (same origin as the dashboard:
 * mounted into the sync server with `httpMiddleware`). Every route needs the signed-in owner's
 * bearer token — the same user the sim is paired to.
 *
 *   GET  /sim/info        device, page, the tappable areas, pairing, clock
 *   GET  /sim/screen.svg  the current screen (round mask on round watches)
 *   POST /sim/tap   {x, y}         tap at screen coordinates (the sim hit-tests its widget tree);
 *                                  when the app is closed, a tap opens it (the app icon)
 *   POST /sim/key   {key}          back | home | select | up | down | shortcut
 *   POST /sim/swipe {direction}    up | down | left | right
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyName, Sim } from '@unknot/firmware-sim';
import type { SimDriver } from './sim-driver.js';

export interface SimTarget {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SimInfo {
  device: { key: string; name: string; width: number; height: number; shape: 'round' | 'square' };
  running: boolean;
  page: string | null;
  screenOn: boolean;
  /** the texts on screen, top to bottom (for screen readers and tests) */
  texts: string[];
  /** tappable areas in screen coordinates, labelled with their text */
  targets: SimTarget[];
  paired: { deviceId: string } | null;
  clock: { now: number; followsRealTime: boolean };
}

export interface SimApiOptions {
  driver: SimDriver;
  /** Resolves a bearer `authorization` header to a signed-in user id, or null. */
  authenticate(authorization: string | undefined): Promise<string | null>;
  /** The user the sim is paired to; only they may see and drive it. */
  ownerUserId(): string | null;
  pairedDeviceId(): string | null;
}

const KEYS: readonly KeyName[] = ['back', 'home', 'select', 'up', 'down', 'shortcut'];
const DIRECTIONS = ['up', 'down', 'left', 'right'] as const;
type Direction = (typeof DIRECTIONS)[number];
const MAX_BODY = 4096;

/** Tappable widgets on screen with a label: their own text, else the text drawn inside them. */
export function tapTargets(sim: Sim): SimTarget[] {
  const widgets = sim.screen.widgets();
  const scrollY = sim.watch?.scrollY ?? 0;
  const out: SimTarget[] = [];
  for (const w of widgets) {
    if (!w.interactive) continue;
    const b = w.bounds;
    const inside = widgets.find((o) => {
      if (o === w || !o.text) return false;
      const c = { x: o.bounds.x + o.bounds.w / 2, y: o.bounds.y + o.bounds.h / 2 };
      return c.x >= b.x && c.x < b.x + b.w && c.y >= b.y && c.y < b.y + b.h;
    });
    const y = b.y - scrollY;
    const centreY = y + b.h / 2;
    // Only what is on screen now: the rest is reached by scrolling, as on the watch.
    if (centreY < 0 || centreY >= sim.device.height) continue;
    const label = w.text || inside?.text || w.type.toLowerCase();
    out.push({ label, x: b.x, y, w: b.w, h: b.h });
  }
  return out;
}

export function simInfo(driver: SimDriver, pairedDeviceId: string | null): SimInfo {
  const sim = driver.sim;
  const d = sim.device;
  return {
    device: {
      key: d.key,
      name: d.name,
      width: d.width,
      height: d.height,
      shape: d.shape === 'r' ? 'round' : 'square',
    },
    running: sim.watch !== undefined,
    page: sim.screen.page() ?? null,
    screenOn: sim.screen.isOn(),
    texts: sim.screen.texts(),
    targets: tapTargets(sim),
    paired: pairedDeviceId ? { deviceId: pairedDeviceId } : null,
    clock: { now: sim.clock.now(), followsRealTime: driver.clockMode === 'realtime' },
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage & { body?: unknown }): Promise<Record<string, unknown>> {
  // The server's JSON body parser may have run already.
  if (req.body !== undefined && typeof req.body === 'object' && req.body !== null)
    return req.body as Record<string, unknown>;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new HttpError(413, 'tooLarge', 'request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'badRequest', 'body must be a JSON object');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function coordinate(v: unknown, max: number, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max)
    throw new HttpError(400, 'badRequest', `${name} must be a number from 0 to ${max}`);
  return v;
}

/** The `/sim/*` routes as a Node/Express-style middleware; other paths go to `next()`. */
export function simHttpHandler(
  o: SimApiOptions,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { driver } = o;

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const userId = await o.authenticate(req.headers.authorization);
    if (!userId) throw new HttpError(401, 'unauthenticated', 'sign in first');
    if (userId !== o.ownerUserId())
      throw new HttpError(403, 'forbidden', 'the simulated watch belongs to another user');
    const route = `${req.method ?? 'GET'} ${path}`;
    switch (route) {
      case 'GET /sim/info':
        send(res, 200, await driver.exclusive(() => simInfo(driver, o.pairedDeviceId())));
        return;
      case 'GET /sim/screen.svg': {
        const svg = await driver.exclusive((sim) => sim.render.svg());
        res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
        res.end(svg);
        return;
      }
      case 'POST /sim/tap': {
        const body = await readJson(req);
        const { width, height } = driver.sim.device;
        const x = coordinate(body.x, width, 'x');
        const y = coordinate(body.y, height, 'y');
        const result = await driver.exclusive(async (sim) => {
          if (!sim.watch) {
            await sim.launch();
            return { hit: null, launched: true };
          }
          const w = await sim.tap({ x, y });
          return { hit: w ? { type: w.type, text: w.text ?? null } : null, launched: false };
        });
        send(res, 200, { ...result, page: driver.sim.screen.page() ?? null });
        return;
      }
      case 'POST /sim/key': {
        const body = await readJson(req);
        const key = KEYS.find((k) => k === body.key);
        if (!key) throw new HttpError(400, 'badRequest', `key must be one of ${KEYS.join(', ')}`);
        await driver.exclusive(async (sim) => {
          if (sim.watch) await sim.pressKey(key);
        });
        send(res, 200, { page: driver.sim.screen.page() ?? null });
        return;
      }
      case 'POST /sim/swipe': {
        const body = await readJson(req);
        const direction: Direction | undefined = DIRECTIONS.find((d) => d === body.direction);
        if (!direction)
          throw new HttpError(400, 'badRequest', `direction must be one of ${DIRECTIONS.join(', ')}`);
        await driver.exclusive(async (sim) => {
          if (sim.watch) await sim.swipe(direction);
        });
        send(res, 200, { page: driver.sim.screen.page() ?? null });
        return;
      }
      default:
        throw new HttpError(404, 'notFound', `no route ${route}`);
    }
  }

  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/sim' && !path.startsWith('/sim/')) {
      next();
      return;
    }
    handle(req, res, path).catch((err: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof HttpError)
        send(res, err.status, { ok: false, error: { code: err.code, message: err.message } });
      else
        send(res, 500, {
          ok: false,
          error: { code: 'internal', message: err instanceof Error ? err.message : String(err) },
        });
    });
  };
}
