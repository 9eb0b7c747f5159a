/**
 * The faulty network between one device and the server. Every request a device's transport
 * makes goes through a `channel`, every live event through `live`; both consult the link's
 * seeded PRNG. Faults: the device is offline (until a simulated time), a request is lost before
 * it reaches the server, a response is lost after the server acted (a lost ack → the client
 * retries an op the server already stored), a request is delivered twice, a copy is held back
 * and delivered later (after newer requests: reordering), an old response is handed back in place
 * of the current one, and live events are dropped, duplicated or held back.
 */
import type { Rng } from './prng.js';

export const FAULT_KINDS = [
  'requestLost',
  'responseLost',
  'duplicateDelivery',
  'delayedReplay',
  'staleResponse',
  'liveDropped',
  'liveDuplicated',
  'liveReordered',
  'offlinePeriod',
  'offlineRefused',
  'lossRateChange',
  'skewedClock',
  'clockJump',
  'concurrentEdit',
  'appRestart',
  'deviceJoin',
  'serverKill',
  'serverKillMidSync',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultCounter {
  readonly counts: Record<FaultKind, number>;
  constructor() {
    this.counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  }
  add(kind: FaultKind, n = 1): void {
    this.counts[kind] += n;
  }
  addAll(other: FaultCounter): void {
    for (const kind of FAULT_KINDS) this.counts[kind] += other.counts[kind];
  }
  total(): number {
    return FAULT_KINDS.reduce((n, k) => n + this.counts[k], 0);
  }
}

/** Thrown where a real transport would throw: the request or its answer never arrived. */
export class LinkFault extends Error {
  override name = 'LinkFault';
}

export class FaultyLink {
  /** simulated time before which the device has no connection at all */
  offlineUntil = Number.NEGATIVE_INFINITY;
  /** probability each way (request, response, live event); up to 0.3 */
  lossRate = 0;
  duplicateRate = 0;
  reorderRate = 0;
  private healed = false;
  private delayed: (() => Promise<unknown>)[] = [];
  private heldLive: (() => void)[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly liveRng: Rng,
    private readonly faults: FaultCounter,
    private readonly simNow: () => number,
  ) {}

  online(): boolean {
    return this.healed || this.simNow() >= this.offlineUntil;
  }

  goOffline(untilSim: number): void {
    this.offlineUntil = Math.max(this.offlineUntil, untilSim);
    this.faults.add('offlinePeriod');
  }

  /** Wraps one kind of request (`deliver` reaches the real server) with this link's faults. */
  channel<Req, Res>(name: string, deliver: (req: Req) => Promise<Res>): (req: Req) => Promise<Res> {
    const stale: Res[] = [];
    return async (req: Req): Promise<Res> => {
      if (this.healed) return deliver(req);
      if (!this.online()) {
        this.faults.add('offlineRefused');
        throw new LinkFault(`${name}: offline`);
      }
      if (this.rng.chance(this.lossRate)) {
        this.faults.add('requestLost');
        throw new LinkFault(`${name}: request lost`);
      }
      if (this.rng.chance(this.reorderRate)) {
        // a copy of this request is stuck in the network and arrives after later requests
        this.faults.add('delayedReplay');
        this.delayed.push(() => deliver(req));
      }
      const res = await deliver(req);
      if (this.rng.chance(this.duplicateRate)) {
        this.faults.add('duplicateDelivery');
        await deliver(req).catch(() => undefined);
      }
      if (this.rng.chance(this.lossRate)) {
        this.faults.add('responseLost');
        stale.push(res);
        throw new LinkFault(`${name}: response lost`);
      }
      if (stale.length > 0 && this.rng.chance(this.reorderRate)) {
        // an older answer overtakes this one; this one is the next stale answer
        this.faults.add('staleResponse');
        const old = stale.splice(this.rng.int(0, stale.length - 1), 1)[0] as Res;
        stale.push(res);
        return old;
      }
      stale.push(res);
      if (stale.length > 4) stale.shift();
      return res;
    };
  }

  /** A live event from the server: delivered, dropped, duplicated or held back (reordered). */
  live(deliver: () => void): void {
    if (this.healed) {
      deliver();
      return;
    }
    if (this.liveRng.chance(this.lossRate)) {
      this.faults.add('liveDropped');
      return;
    }
    if (this.liveRng.chance(this.reorderRate)) {
      this.faults.add('liveReordered');
      this.heldLive.push(deliver);
      return;
    }
    deliver();
    if (this.liveRng.chance(this.duplicateRate)) {
      this.faults.add('liveDuplicated');
      deliver();
    }
    if (this.heldLive.length > 0 && this.liveRng.chance(0.5)) this.releaseLive();
  }

  private releaseLive(): void {
    const held = this.liveRng.shuffle(this.heldLive.splice(0));
    for (const deliver of held) deliver();
  }

  /** Delivers the requests held back in the network, in random order; their answers go nowhere. */
  async flushDelayed(): Promise<number> {
    const batch = this.rng.shuffle(this.delayed.splice(0));
    for (const send of batch) await send().catch(() => undefined);
    this.releaseLive();
    return batch.length;
  }

  /** No more faults: the healing phase before the invariant is checked. */
  async heal(): Promise<void> {
    await this.flushDelayed();
    this.healed = true;
    this.lossRate = 0;
    this.duplicateRate = 0;
    this.reorderRate = 0;
  }
}
