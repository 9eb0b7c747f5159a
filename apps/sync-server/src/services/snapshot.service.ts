import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  LIMITS,
  type Snapshot,
  type SyncState,
  toSnapshot,
} from '@unknot/stretch-model';
import type { Logger } from '../logger.js';
import type { Store } from '../stores/store.js';

export interface MaterialisedState {
  state: SyncState;
  serverSeq: number;
}

/**
 * The per-user materialised state (the core's merge rules folded over the log). It is persisted
 * as a Snapshot every `snapshotEvery` ops, off the push path, so a new device downloads one
 * compact snapshot plus a short tail instead of replaying the whole log.
 */
export class SnapshotService {
  /** serverSeq of the newest persisted snapshot per user, as far as this instance knows */
  private readonly persistedSeq = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly snapshotEvery: number,
  ) {}

  /** Folds the persisted snapshot and every op after it. */
  async materialise(userId: string): Promise<MaterialisedState> {
    const snap = await this.store.getSnapshot(userId);
    let state = snap ? fromSnapshot(snap) : emptySyncState();
    let seq = snap?.serverSeq ?? 0;
    for (;;) {
      const page = await this.store.readOps(userId, seq, LIMITS.maxPullPage);
      if (page.length === 0) break;
      state = applyOps(state, page);
      seq = page[page.length - 1]?.serverSeq ?? seq;
      if (page.length < LIMITS.maxPullPage) break;
    }
    return { state, serverSeq: seq };
  }

  /** The persisted snapshot, if any (what pull from cursor 0 serves). */
  async latest(userId: string): Promise<Snapshot | null> {
    const snap = await this.store.getSnapshot(userId);
    if (snap) this.persistedSeq.set(userId, Math.max(this.persistedSeq.get(userId) ?? 0, snap.serverSeq));
    return snap;
  }

  /** Called after ops are durable; refreshes the persisted snapshot in the background when due. */
  noteAppended(userId: string, head: number): void {
    const known = this.persistedSeq.get(userId);
    if (known !== undefined && head - known < this.snapshotEvery) return;
    if (known === undefined && head < this.snapshotEvery) return;
    if (this.inFlight.has(userId)) return;
    // Folding the log is synchronous work: start it on a later turn of the event loop, so the
    // acks and fan-out of the commit that made it due (and of its whole group) go out first.
    const job = new Promise<void>((r) => setImmediate(r))
      .then(() => this.refresh(userId))
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err, userId }, 'snapshot refresh failed'))
      .finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, job);
  }

  /** Builds and stores a fresh snapshot now. */
  async refresh(userId: string): Promise<Snapshot> {
    const { state, serverSeq } = await this.materialise(userId);
    const snap = toSnapshot(state, serverSeq);
    await this.store.putSnapshot(userId, snap);
    this.persistedSeq.set(userId, serverSeq);
    return snap;
  }

  /** Waits for background refreshes (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }
}
