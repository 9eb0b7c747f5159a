/**
 * The BLE link between the watch and the phone. Frames are delivered on the virtual clock with a
 * configurable latency, jitter, loss, reordering and disconnect windows, all from a seeded PRNG.
 * The link carries raw bytes: ZML's own framing runs unmodified on both ends.
 */
import type { VirtualClock } from './clock.js';
import { createPrng } from './prng.js';
import type { Timeline } from './timeline.js';

export interface BleOptions {
  /** Base one-way latency per frame, virtual ms (default 15). */
  latencyMs?: number;
  /** Extra uniform random latency 0..jitterMs (default 0). */
  jitterMs?: number;
  /** Probability a frame is silently dropped (default 0). */
  lossRate?: number;
  /** Probability a frame is held back by `reorderDelayMs`, so later frames overtake it (default 0). */
  reorderRate?: number;
  reorderDelayMs?: number;
  /** Windows (virtual epoch ms) during which the link is down. */
  disconnects?: Array<{ from: number; to: number }>;
  /** Start disconnected (default false). */
  startDisconnected?: boolean;
  seed?: number;
  /** Log every frame to the timeline (default false; drops and state changes are always logged). */
  logFrames?: boolean;
  /**
   * Air throughput per direction, bytes per virtual second (default 4,000; 0 = unlimited). Frames
   * in one direction are serialised: each waits for the previous one to finish, then occupies the
   * link for `(bytes - 244) / bytesPerSecond` (the first BLE packet's 244 bytes go within
   * `latencyMs`), lost frames included (they were sent, just not received); it lands at that point
   * or after `latencyMs` (+ jitter), whichever is later.
   * ASSUMPTION to confirm on a real watch: Zepp documents no figure; "a few KB/s" is what BLE
   * GATT notifications through the Zepp app typically reach, so a 3.6 KB ZML frame takes ~0.9 s.
   */
  bytesPerSecond?: number;
}

/**
 * Bytes one BLE link-layer packet carries (the 251-byte LE data length minus L2CAP/ATT headers):
 * a frame that fits one packet goes out in one connection event, which `latencyMs` stands for.
 */
export const BLE_PACKET_BYTES = 244;

/** Default air throughput (see `BleOptions.bytesPerSecond`). */
export const DEFAULT_BLE_BYTES_PER_SECOND = 4_000;

export type Direction = 'toPhone' | 'toWatch';

export interface BleStats {
  sent: number;
  delivered: number;
  dropped: number;
  reordered: number;
}

export class BleLink {
  private manualDown: boolean;
  private readonly opts: Required<Omit<BleOptions, 'disconnects' | 'seed' | 'startDisconnected'>>;
  private readonly windows: Array<{ from: number; to: number }>;
  private readonly rand: () => number;
  private readonly endpoints: Partial<Record<Direction, (data: Uint8Array) => void>> = {};
  private readonly statusListeners = new Set<(up: boolean) => void>();
  private lastUp: boolean;
  /** Virtual time at which each direction's radio is free again (frames are serialised). */
  private readonly busyUntil: Record<Direction, number> = { toPhone: 0, toWatch: 0 };
  readonly stats: Record<Direction, BleStats> = {
    toPhone: { sent: 0, delivered: 0, dropped: 0, reordered: 0 },
    toWatch: { sent: 0, delivered: 0, dropped: 0, reordered: 0 },
  };

  constructor(
    private readonly clock: VirtualClock,
    private readonly timeline: Timeline,
    options: BleOptions = {},
  ) {
    this.opts = {
      latencyMs: options.latencyMs ?? 15,
      jitterMs: options.jitterMs ?? 0,
      lossRate: options.lossRate ?? 0,
      reorderRate: options.reorderRate ?? 0,
      reorderDelayMs: options.reorderDelayMs ?? 80,
      logFrames: options.logFrames ?? false,
      bytesPerSecond: options.bytesPerSecond ?? DEFAULT_BLE_BYTES_PER_SECOND,
    };
    this.windows = [...(options.disconnects ?? [])];
    this.rand = createPrng(options.seed ?? 1);
    this.manualDown = options.startDisconnected ?? false;
    this.lastUp = this.isUp();
    for (const w of this.windows) this.scheduleEdges(w);
  }

  /** Changes fault parameters at run time (e.g. `link.configure({ lossRate: 0.3 })`). */
  configure(o: Omit<BleOptions, 'seed' | 'disconnects' | 'startDisconnected'>): void {
    for (const [k, v] of Object.entries(o))
      if (v !== undefined) (this.opts as Record<string, unknown>)[k] = v;
  }

  /** Adds a disconnect window [from, to) in virtual epoch ms. */
  addDisconnect(from: number, to: number): void {
    const w = { from, to };
    this.windows.push(w);
    this.scheduleEdges(w);
  }

  private scheduleEdges(w: { from: number; to: number }): void {
    this.clock.scheduleAt(w.from, () => this.checkEdge(), 'ble', 'ble-window');
    this.clock.scheduleAt(w.to, () => this.checkEdge(), 'ble', 'ble-window');
  }

  disconnect(): void {
    this.manualDown = true;
    this.checkEdge();
  }

  connect(): void {
    this.manualDown = false;
    this.checkEdge();
  }

  isUp(t = this.clock.now()): boolean {
    if (this.manualDown) return false;
    return !this.windows.some((w) => t >= w.from && t < w.to);
  }

  private checkEdge(): void {
    const up = this.isUp();
    if (up === this.lastUp) return;
    this.lastUp = up;
    this.timeline.log(up ? 'ble.connected' : 'ble.disconnected');
    for (const l of this.statusListeners) l(up);
  }

  onStatus(fn: (up: boolean) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  attach(direction: Direction, receiver: (data: Uint8Array) => void): void {
    this.endpoints[direction] = receiver;
  }

  /** Sends one frame; returns false when the link is down (the sender sees a failed send). */
  send(direction: Direction, data: Uint8Array): boolean {
    const st = this.stats[direction];
    if (!this.isUp()) {
      st.dropped++;
      this.timeline.log('ble.drop', { direction, bytes: data.byteLength, reason: 'disconnected' });
      return false;
    }
    st.sent++;
    const copy = new Uint8Array(data);
    // Air time: the frame goes out after the ones queued before it in this direction.
    const now = this.clock.now();
    const start = Math.max(now, this.busyUntil[direction]);
    const airBytes = Math.max(0, copy.byteLength - BLE_PACKET_BYTES);
    const airMs = this.opts.bytesPerSecond > 0 ? (airBytes * 1000) / this.opts.bytesPerSecond : 0;
    this.busyUntil[direction] = start + airMs;
    // The latency covers the first BLE packet; the rest of a frame's bytes take air time, so a frame
    // lands after the latency or once its bytes are through, whichever is later.
    const throughMs = Math.ceil(start + airMs - now);
    if (this.rand() < this.opts.lossRate) {
      st.dropped++;
      this.timeline.log('ble.drop', { direction, bytes: copy.byteLength, reason: 'loss' });
      return true;
    }
    let delay = Math.max(
      throughMs,
      this.opts.latencyMs + (this.opts.jitterMs > 0 ? Math.floor(this.rand() * this.opts.jitterMs) : 0),
    );
    if (this.rand() < this.opts.reorderRate) {
      delay += this.opts.reorderDelayMs;
      st.reordered++;
      this.timeline.log('ble.delay', { direction, bytes: copy.byteLength, delayMs: delay });
    }
    if (this.opts.logFrames)
      this.timeline.log('ble.send', { direction, bytes: copy.byteLength, delayMs: delay });
    this.clock.schedule(
      delay,
      () => {
        if (!this.isUp()) {
          st.dropped++;
          this.timeline.log('ble.drop', {
            direction,
            bytes: copy.byteLength,
            reason: 'disconnected-in-flight',
          });
          return;
        }
        const rx = this.endpoints[direction];
        if (!rx) {
          st.dropped++;
          return;
        }
        st.delivered++;
        rx(copy);
      },
      'ble',
      `ble-${direction}`,
    );
    return true;
  }
}
