import {
  checkDeviceName,
  type DeviceInfo,
  isConnectedNow,
  lastContactOf,
  type SyncError,
} from '@unknot/stretch-model';
import type { Principal } from '../auth/principal.js';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DeviceRecord, DeviceStats, Store } from '../stores/store.js';
import type { SocketHub } from './socket-hub.js';

/** Devices whose stats are written per transaction (and per event-loop turn). */
const STATS_CHUNK = 100;

/**
 * Devices of a user: listing with presence, renaming, revocation and removal from the list,
 * browser replicas appearing on first push, and contact bookkeeping. Stats (last contact, last
 * push, the pending count a device reports) are buffered and written once a second, off the push
 * path.
 */
export class DeviceService {
  private pendingStats = new Map<string, DeviceStats>();
  /** browser replicas known to exist, keyed by user and device (`userId\ndeviceId`) */
  private readonly knownWebDevices = new Set<string>();
  /** the most browser replicas a user may register; set by `server.ts` from the limit policy */
  webReplicasPerUser = Number.POSITIVE_INFINITY;
  private readonly webLocks = new Map<string, Promise<unknown>>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** Ends the sessions that synced as a revoked browser replica (set by `server.ts`). */
  onBrowserRevoked: ((userId: string, deviceId: string) => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly hub: SocketHub,
    private readonly logger: Logger,
    flushEveryMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flushStats(), flushEveryMs);
    this.timer.unref();
  }

  /** False when `ensureWebDevice` has nothing to do (a paired device, or a browser seen before). */
  needsWebDevice(principal: Principal): boolean {
    return (
      Boolean(principal.deviceId) &&
      principal.kind === 'user' &&
      !this.knownWebDevices.has(webKey(principal.userId, principal.deviceId ?? ''))
    );
  }

  /**
   * A browser replica becomes a `web` device the first time it pushes. One user's registrations
   * run one at a time, so the replica cap holds under concurrent pushes on this instance (across
   * instances two new browsers racing can both get in: the cap is a brake, not an exact count).
   */
  ensureWebDevice(principal: Principal): Promise<SyncError | null> {
    const prev = this.webLocks.get(principal.userId) ?? Promise.resolve();
    const run = prev.then(() => this.registerWebDevice(principal));
    const tail = run.catch(() => undefined);
    this.webLocks.set(principal.userId, tail);
    void tail.then(() => {
      if (this.webLocks.get(principal.userId) === tail) this.webLocks.delete(principal.userId);
    });
    return run;
  }

  private async registerWebDevice(principal: Principal): Promise<SyncError | null> {
    const deviceId = principal.deviceId;
    if (
      !deviceId ||
      principal.kind !== 'user' ||
      this.knownWebDevices.has(webKey(principal.userId, deviceId))
    )
      return null;
    const existing = await this.store.getDevice(deviceId);
    if (!existing) {
      const replicas = (await this.store.listDevices(principal.userId)).filter(
        (d) => d.kind === 'web' && d.revokedAt === null,
      );
      if (replicas.length >= this.webReplicasPerUser)
        return syncError(
          'tooManyReplicas',
          `this account already has ${replicas.length} browsers; remove one on the devices page first`,
        );
    }
    const record: DeviceRecord = {
      deviceId,
      userId: principal.userId,
      name: 'Web dashboard',
      kind: 'web',
      secretHash: null,
      createdAt: this.now(),
      lastSeenAt: this.now(),
      lastSyncAt: null,
      pendingOps: null,
      revokedAt: null,
    };
    if (existing || !(await this.store.createDevice(record))) {
      const stored = existing ?? (await this.store.getDevice(deviceId));
      if (stored && stored.userId !== principal.userId)
        return syncError('forbidden', 'this device id belongs to another account');
      if (stored?.revokedAt)
        return syncError('deviceRevoked', 'this browser was signed out from the devices page');
    }
    this.knownWebDevices.add(webKey(principal.userId, deviceId));
    return null;
  }

  /** A contact without a push: a socket handshake or a pull. */
  recordSeen(deviceId: string): void {
    this.merge(deviceId, { lastSeenAt: this.now() });
  }

  /** A push that was stored; `outboxSize` is what the device says it still has queued. */
  recordSync(deviceId: string, outboxSize: number | undefined): void {
    const at = this.now();
    const stats: DeviceStats = { lastSeenAt: at, lastSyncAt: at };
    if (isCount(outboxSize)) {
      stats.pendingOps = outboxSize;
      stats.pendingOpsAt = at;
    }
    this.merge(deviceId, stats);
  }

  /**
   * An HTTP sync of an authenticated device (the phone relaying its watch with the watch's
   * credential, so this is the watch's contact), answered or refused: a contact. A sync that was
   * answered may carry the device's outbox size even when it pushed nothing. One Map update.
   */
  recordHttpContact(deviceId: string | null | undefined, answeredBody: unknown): void {
    if (!deviceId) return;
    const at = this.now();
    const stats: DeviceStats = { lastSeenAt: at };
    const outboxSize =
      typeof answeredBody === 'object' && answeredBody !== null
        ? (answeredBody as { outboxSize?: unknown }).outboxSize
        : undefined;
    if (isCount(outboxSize)) {
      stats.pendingOps = outboxSize;
      stats.pendingOpsAt = at;
    }
    this.merge(deviceId, stats);
  }

  private merge(deviceId: string, stats: DeviceStats): void {
    this.pendingStats.set(deviceId, { ...this.pendingStats.get(deviceId), ...stats });
  }

  /** Writes the buffered stats; resolves once they (and any flush already running) are stored. */
  flushStats(): Promise<void> {
    // one flush at a time, in order, so an older chunk never overwrites newer stats
    const run = this.flushing.then(() => this.flushPending());
    this.flushing = run;
    return run;
  }

  private async flushPending(): Promise<void> {
    if (this.pendingStats.size === 0) return;
    const entries = [...this.pendingStats];
    this.pendingStats = new Map();
    // In chunks, one per turn of the event loop: with ~1,000 devices syncing, one transaction of
    // all the UPDATEs held the loop for up to ~20 ms once a second and showed in the fan-out p99.
    for (let i = 0; i < entries.length; i += STATS_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.store.updateDeviceStats(new Map(entries.slice(i, i + STATS_CHUNK)));
      } catch (err) {
        this.logger.warn({ err }, 'device stats not saved');
      }
    }
  }

  async list(userId: string): Promise<DeviceInfo[]> {
    await this.flushStats();
    const [devices, connected] = await Promise.all([
      this.store.listDevices(userId),
      this.hub.connectedDevices(userId),
    ]);
    const now = this.now();
    return devices.map((d) => toInfo(d, connected.has(d.deviceId), now));
  }

  /**
   * Sets the name people see for one of the user's devices (`{ name }`, checked by the core:
   * trimmed, 1 to 40 characters, one line). A bad name or another user's device changes nothing.
   */
  async rename(userId: string, deviceId: string, body: unknown): Promise<DeviceInfo | SyncError> {
    const input = typeof body === 'object' && body !== null ? (body as { name?: unknown }).name : undefined;
    const checked = checkDeviceName(input);
    if (!checked.ok) return syncError('deviceNameInvalid', checked.message);
    if (!(await this.store.renameDevice(userId, deviceId, checked.name))) return noSuchDevice();
    const device = (await this.list(userId)).find((d) => d.deviceId === deviceId);
    return device ?? noSuchDevice();
  }

  /**
   * Takes a revoked device off the user's list. Its ops stay in the log, and its row stays behind
   * the list so the old credential (or browser id) keeps hearing `deviceRevoked`. An active device
   * is refused (`deviceNotRevoked`): revoke it first.
   */
  async remove(userId: string, deviceId: string): Promise<SyncError | null> {
    const res = await this.store.removeDevice(userId, deviceId, this.now());
    if (res === 'notFound') return noSuchDevice();
    if (res === 'active')
      return syncError('deviceNotRevoked', 'this device is still active; revoke it before removing it');
    this.logger.info({ userId, deviceId }, 'device removed from the list');
    return null;
  }

  /** Revokes the credential and closes the device's open sockets on every instance. */
  async revoke(userId: string, deviceId: string): Promise<SyncError | null> {
    const ok = await this.store.revokeDevice(userId, deviceId, this.now());
    if (!ok) return noSuchDevice();
    this.knownWebDevices.delete(webKey(userId, deviceId));
    // a browser signs in as its user: revoking it also ends its session, so its token stops working
    await this.onBrowserRevoked?.(userId, deviceId);
    this.hub.disconnectDevice(
      userId,
      deviceId,
      syncError('deviceRevoked', 'this device was removed from the account'),
    );
    this.logger.info({ userId, deviceId }, 'device revoked');
    return null;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushStats();
  }
}

const webKey = (userId: string, deviceId: string) => `${userId}\n${deviceId}`;

const noSuchDevice = () => syncError('forbidden', 'no such device on this account');

/** A count a device reported: an integer ≥ 0 (anything else is ignored). */
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function toInfo(d: DeviceRecord, liveSocket: boolean, now: number): DeviceInfo {
  const lastContactAt = lastContactOf(d);
  return {
    deviceId: d.deviceId,
    name: d.name,
    kind: d.kind,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
    lastSyncAt: d.lastSyncAt,
    lastContactAt,
    pendingOps: d.pendingOps,
    pendingOpsAt: d.pendingOpsAt ?? null,
    revokedAt: d.revokedAt,
    // a revoked device is never "connected": its sockets are closed and its requests refused
    connected: d.revokedAt === null && isConnectedNow(lastContactAt, liveSocket, now),
  };
}
