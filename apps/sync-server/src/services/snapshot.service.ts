import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  LIMITS,
  type Snapshot,
  type SyncState,
  toSnapshot,
  validateOp,
  validateSnapshot,
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
  /** The persisted snapshot each user's was last checked against today's rules (by serverSeq). */
  private readonly checkedSeq = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly snapshotEvery: number,
  ) {}

  /**
   * Folds the persisted snapshot and every op after it. Ops stored under older, looser rules that
   * today's `validateOp` refuses (an instant no one can format, an unknown zone) stay in the log —
   * acknowledged data is not deleted — but are left out of the state, so the snapshot every new
   * device starts from passes its checks. A persisted snapshot that does not pass them is set
   * aside and the state rebuilt from the whole log.
   */
  async materialise(userId: string): Promise<MaterialisedState> {
    const stored = await this.store.getSnapshot(userId);
    const snap = stored && this.passes(userId, stored) ? stored : null;
    let state = snap ? fromSnapshot(snap) : emptySyncState();
    let seq = snap?.serverSeq ?? 0;
    let skipped = 0;
    for (;;) {
      const page = await this.store.readOps(userId, seq, LIMITS.maxPullPage);
      if (page.length === 0) break;
      const valid = page.filter((op) => validateOp(op).ok);
      skipped += page.length - valid.length;
      state = applyOps(state, valid);
      seq = page[page.length - 1]?.serverSeq ?? seq;
      if (page.length < LIMITS.maxPullPage) break;
    }
    if (skipped > 0)
      this.logger.warn(
        { userId, skipped },
        'stored ops that break the current rules were left out of the snapshot',
      );
    return { state, serverSeq: seq };
  }

  /** The persisted snapshot, if any (what pull from cursor 0 serves); rebuilt if it breaks today's rules. */
  async latest(userId: string): Promise<Snapshot | null> {
    let snap = await this.store.getSnapshot(userId);
    if (snap && !this.passes(userId, snap)) {
      this.logger.warn(
        { userId, serverSeq: snap.serverSeq },
        'persisted snapshot breaks the current rules; rebuilding it',
      );
      snap = await this.refresh(userId);
    }
    if (snap) this.persistedSeq.set(userId, Math.max(this.persistedSeq.get(userId) ?? 0, snap.serverSeq));
    return snap;
  }

  /** Checks a persisted snapshot once per instance (a snapshot this instance built passes by construction). */
  private passes(userId: string, snap: Snapshot): boolean {
    if (this.checkedSeq.get(userId) === snap.serverSeq) return true;
    const ok = validateSnapshot(snap).ok;
    if (ok) this.checkedSeq.set(userId, snap.serverSeq);
    return ok;
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
    this.checkedSeq.set(userId, serverSeq);
    return snap;
  }

  /** Waits for background refreshes (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }
}
