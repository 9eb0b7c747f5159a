import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  LIMITS,
  OP_TABLE,
  type Op,
  PROTOCOL_VERSION,
  RECORD_STATE_KEYS,
  type ServerOp,
  type Snapshot,
  SnapshotSchema,
  type SyncState,
  safeParseMessage,
  toSnapshot,
  validateOp,
  validateSnapshot,
} from '@unknot/stretch-model';
import type { Logger } from '../logger.js';
import {
  type SnapshotEntry,
  type SnapshotKey,
  type SnapshotText,
  type Store,
  sha256Hex,
} from '../stores/store.js';

export interface MaterialisedState {
  state: SyncState;
  serverSeq: number;
}

export interface SnapshotServiceOptions {
  /** ops folded per event-loop turn (each turn is one read, one merge and one small write) */
  foldChunk?: number;
  /** stored entries checked per turn when this instance first meets a user's snapshot */
  checkPage?: number;
  /** the rules this instance checks and writes snapshots under (default: snapshotRules(), tests) */
  rules?: string;
  /** users the background check asks the store for at a time */
  backgroundBatch?: number;
  /**
   * Users whose snapshot is folded at the same time (default 2); others that fall due wait their
   * turn. Each folding user takes one step per event-loop turn, so this bounds the fold work in a
   * turn: when the 500 users of the benchmark passed their 500th op in the same second, 500 steps
   * ran in each turn (more than a second) and the server's throughput fell from 23,000 to 9,000 –
   * 11,000 ops/s while they lasted.
   */
  foldConcurrency?: number;
}

/** What a background check of the stored snapshots did (see `startBackgroundCheck`). */
export interface BackgroundCheckResult {
  /** users whose stored snapshot it checked (or found checked meanwhile, or rebuilt) */
  users: number;
  /** stored entries checked while it ran (checks a device started meanwhile included) */
  entries: number;
  /** false when it was stopped (shutdown) before the end of the list */
  complete: boolean;
}

/**
 * Ops per fold step (about 1–3 ms of work here, whatever the size of the snapshot); entries
 * checked per turn (well under a millisecond, so pushes interleave with a check).
 */
const DEFAULT_FOLD_CHUNK = 100;
const DEFAULT_CHECK_PAGE = 50;
const DEFAULT_BACKGROUND_BATCH = 500;
const DEFAULT_FOLD_CONCURRENCY = 2;
/** meta key: the rules under which a background pass last went through the whole list */
export const BACKGROUND_CHECK_META = 'snapshots.backgroundCheckedRules';

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

let rulesId: string | null = null;
/**
 * What "today's rules" are for a stored snapshot: the protocol version, the snapshot schema the
 * check applies (every node, the source of its checks and of valibot's own code included), and
 * the runtime's time-zone data (a zone name is valid when Intl knows it). Any change — a new
 * release of the core, of valibot, of Node's tz data — gives a new id, and each stored snapshot
 * is checked once more. Computed once per process (about 15 ms).
 */
export function snapshotRules(): string {
  rulesId ??= `p${PROTOCOL_VERSION}-${sha256Hex(
    JSON.stringify({
      tz: process.versions.tz ?? null,
      icu: process.versions.icu ?? null,
      schema: JSON.parse(
        JSON.stringify(SnapshotSchema, (_key, value: unknown) =>
          typeof value === 'function'
            ? `fn:${String(value)}`
            : value instanceof RegExp
              ? `re:${String(value)}`
              : value,
        ),
      ) as unknown,
    }),
  ).slice(0, 24)}`;
  return rulesId;
}

/**
 * The per-user materialised state (the core's merge rules folded over the log), persisted as a
 * snapshot a new device downloads instead of the whole log. The stored snapshot is kept one entry
 * per register and record, and kept up to date incrementally: every `snapshotEvery` ops, off the
 * push path, the new ops are folded in steps of `foldChunk` ops. A step reads the entries those
 * ops touch, folds the ops into just those entries with the core's `applyOps`, and writes back the
 * entries that changed (compare and set on the snapshot's serverSeq). The merge rules decide each
 * register and record by its own key alone, so folding into the touched entries gives the same
 * state as folding into the whole one; no step costs more with a larger log or state.
 *
 * Ops stored under older, looser rules that today's `validateOp` refuses (an instant no one can
 * format, an unknown zone) stay in the log — acknowledged data is not deleted — but are left out
 * of the state. A stored snapshot is checked against today's rules (`snapshotRules`) before it is
 * used, a page per turn; one that does not pass is rebuilt from the whole log. The store keeps
 * which rules checked (or wrote) the stored entries, so a restart with the same rules does not
 * check them again; a writer under other rules (a rolling deploy) clears that mark.
 */
export class SnapshotService {
  /** serverSeq of the newest persisted snapshot per user, as far as this instance knows */
  private readonly persistedSeq = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Users whose stored snapshot this instance checked against today's rules (or wrote itself). */
  private readonly checked = new Set<string>();
  private readonly checking = new Map<string, Promise<void>>();
  private readonly foldChunk: number;
  private readonly checkPage: number;
  private readonly backgroundBatch: number;
  private readonly foldConcurrency: number;
  /** background folds running, and the ones waiting for a place (see foldConcurrency) */
  private foldsRunning = 0;
  /** each resolves with true when handed a place, false when the folds were stopped */
  private readonly foldsWaiting: ((placed: boolean) => void)[] = [];
  private foldsStopped = false;
  private readonly rules: string;
  /** entries read by checks so far (the background check reports its share) */
  private entriesChecked = 0;
  private background: Promise<BackgroundCheckResult> | null = null;
  private backgroundStopped = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly snapshotEvery: number,
    options: SnapshotServiceOptions = {},
  ) {
    this.foldChunk = Math.max(1, options.foldChunk ?? DEFAULT_FOLD_CHUNK);
    this.checkPage = Math.max(1, options.checkPage ?? DEFAULT_CHECK_PAGE);
    this.backgroundBatch = Math.max(1, options.backgroundBatch ?? DEFAULT_BACKGROUND_BATCH);
    this.foldConcurrency = Math.max(1, options.foldConcurrency ?? DEFAULT_FOLD_CONCURRENCY);
    this.rules = options.rules ?? snapshotRules();
  }

  /** The whole state: the stored snapshot plus every op after it (what an export shows). */
  async materialise(userId: string): Promise<MaterialisedState> {
    await this.ensureChecked(userId);
    const snap = await this.store.getSnapshot(userId);
    return this.foldLog(userId, snap ? fromSnapshot(snap) : emptySyncState(), snap?.serverSeq ?? 0);
  }

  /** The persisted snapshot, if any (what pull from cursor 0 serves); rebuilt first if it breaks today's rules. */
  async latest(userId: string): Promise<Snapshot | null> {
    await this.ensureChecked(userId);
    const snap = await this.store.getSnapshot(userId);
    if (snap) this.notePersisted(userId, snap.serverSeq);
    return snap;
  }

  /** `latest` as JSON text, assembled from the stored entries without parsing them (a new device's pull). */
  async latestText(userId: string): Promise<SnapshotText | null> {
    await this.ensureChecked(userId);
    const text = await this.store.getSnapshotText(userId);
    if (text) this.notePersisted(userId, text.serverSeq);
    return text;
  }

  /** Called after ops are durable; folds them into the persisted snapshot in the background when due. */
  noteAppended(userId: string, head: number): void {
    const known = this.persistedSeq.get(userId);
    if (known !== undefined && head - known < this.snapshotEvery) return;
    if (known === undefined && head < this.snapshotEvery) return;
    if (this.inFlight.has(userId) || this.foldsStopped) return;
    // start on a later turn of the event loop, so the acks and fan-out of the commit that made
    // it due (and of its whole group) go out first, and only with a place among the folds
    const job = this.foldPlace()
      .then((placed) => (placed ? this.catchUp(userId).finally(() => this.leaveFoldPlace()) : undefined))
      .catch((err: unknown) => this.logger.error({ err, userId }, 'snapshot refresh failed'))
      .finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, job);
  }

  /**
   * Resolves on a later turn with true once fewer than foldConcurrency folds run (the place is
   * then taken), or with false when the folds were stopped meanwhile.
   */
  private async foldPlace(): Promise<boolean> {
    await nextTurn();
    if (this.foldsStopped) return false;
    if (this.foldsRunning < this.foldConcurrency) {
      this.foldsRunning += 1;
      return true;
    }
    if (!(await new Promise<boolean>((resolve) => this.foldsWaiting.push(resolve)))) return false;
    await nextTurn(); // the fold that handed its place over took its last step in this turn
    return true;
  }

  /** A fold ended: its place goes to the first one waiting, if any. */
  private leaveFoldPlace(): void {
    const next = this.foldsWaiting.shift();
    if (next) next(true);
    else this.foldsRunning -= 1;
  }

  /**
   * Shutdown: folds waiting for a place are dropped (their users' snapshots catch up when they
   * next fall due, after a restart too) and no new ones start; the running ones finish (`idle`).
   */
  stopFolds(): void {
    this.foldsStopped = true;
    for (const waiting of this.foldsWaiting.splice(0)) waiting(false);
  }

  /** Brings the persisted snapshot up to the head now and returns it (tests, tools). */
  async refresh(userId: string): Promise<Snapshot> {
    await this.catchUp(userId);
    const snap = await this.store.getSnapshot(userId);
    return snap ?? toSnapshot(emptySyncState(), 0);
  }

  /** Waits for background refreshes (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  /**
   * Checks every stored snapshot today's rules have not checked yet, in the background (the
   * server starts it right after start-up), so that a device arriving later is served at once
   * instead of waiting for its user's check. Most recently active users first, one user at a
   * time, `checkPage` entries per event-loop turn, so pushes and pulls interleave. Nothing
   * unchecked is served meanwhile: a device of a user the check has not reached starts that
   * user's check itself (the same one as now), and one arriving during it waits for it. A
   * snapshot that fails is rebuilt from the log, as on demand. Runs once per instance; resolves
   * when the list is done or `stopBackgroundCheck` stopped it.
   */
  startBackgroundCheck(): Promise<BackgroundCheckResult> {
    this.background ??= this.checkInBackground().catch((err: unknown) => {
      this.logger.error({ err }, 'background check of stored snapshots failed');
      return { users: 0, entries: 0, complete: false };
    });
    return this.background;
  }

  /** Stops the background check after the user it is on (shutdown) and waits for it. */
  async stopBackgroundCheck(): Promise<void> {
    this.backgroundStopped = true;
    await this.background;
  }

  private async checkInBackground(): Promise<BackgroundCheckResult> {
    // a pass under these rules went through the list before: a restart does not list every user
    // again (on Firestore that is a read of every snapshot head and device). A snapshot another
    // writer unmarked since is still checked before use, on demand.
    if ((await this.store.getMeta(BACKGROUND_CHECK_META)) === this.rules)
      return { users: 0, entries: 0, complete: true };
    const started = performance.now();
    const entriesBefore = this.entriesChecked;
    const visited = new Set<string>();
    let complete = false;
    while (!this.backgroundStopped) {
      // users this pass met stay listed when their snapshot moved before it could be marked
      // (another instance folded it meanwhile); they are not checked twice here
      const limit = visited.size + this.backgroundBatch;
      const listed = await this.store.snapshotsToCheck(this.rules, limit);
      const fresh = listed.filter((u) => !visited.has(u));
      for (const userId of fresh) {
        if (this.backgroundStopped) break;
        visited.add(userId);
        try {
          await this.ensureChecked(userId);
        } catch (err) {
          // this user's devices start the check again on demand; the others go on
          this.logger.warn({ err, userId }, 'background check of a stored snapshot failed');
        }
        await nextTurn();
      }
      if (this.backgroundStopped) break;
      if (fresh.length === 0 || listed.length < limit) {
        complete = true;
        break;
      }
    }
    if (complete) await this.store.setMeta(BACKGROUND_CHECK_META, this.rules);
    const result = { users: visited.size, entries: this.entriesChecked - entriesBefore, complete };
    if (result.users > 0)
      this.logger.info(
        { ...result, ms: Math.round(performance.now() - started) },
        'stored snapshots checked under the current rules',
      );
    return result;
  }

  /** Folds the log into the persisted snapshot, `foldChunk` ops per turn, until it reaches the head. */
  private async catchUp(userId: string): Promise<void> {
    await this.ensureChecked(userId);
    for (;;) {
      const step = await this.foldStep(userId);
      if (step === 'done') return;
      await nextTurn();
    }
  }

  /** One bounded step: the next `foldChunk` ops folded into the entries they touch. */
  private async foldStep(userId: string): Promise<'done' | 'more'> {
    const base = await this.store.getSnapshotEntries(userId, []);
    if (!base) {
      await this.rebuild(userId, 'the stored snapshot has no entries (an older layout)');
      return 'more';
    }
    const page = await this.store.readOps(userId, base.serverSeq, this.foldChunk);
    const last = page.at(-1);
    if (!last) {
      this.notePersisted(userId, base.serverSeq);
      return 'done';
    }
    const valid = this.validOps(userId, page);
    const keys = touchedKeys(valid);
    const current = await this.store.getSnapshotEntries(userId, keys);
    // another writer moved the snapshot between the two reads: start the step again from there
    if (!current || current.serverSeq !== base.serverSeq) return 'more';
    const before = fromSnapshot(snapshotOf(current.serverSeq, current.entries));
    const after = applyOps(before, valid);
    const entries: SnapshotEntry[] = [];
    for (const k of keys) {
      const value = entryOf(after, k);
      if (value !== entryOf(before, k)) entries.push({ ...k, value });
    }
    const stored = await this.store.updateSnapshot(userId, {
      fromSeq: base.serverSeq,
      serverSeq: last.serverSeq,
      entries,
      rules: this.rules,
    });
    if (!stored) return 'more';
    this.notePersisted(userId, last.serverSeq);
    return page.length < this.foldChunk ? 'done' : 'more';
  }

  /** Checks the stored snapshot against today's rules once per instance, a page per turn. */
  private ensureChecked(userId: string): Promise<void> {
    if (this.checked.has(userId)) return Promise.resolve();
    const running = this.checking.get(userId);
    if (running) return running;
    const job = this.check(userId).finally(() => this.checking.delete(userId));
    this.checking.set(userId, job);
    return job;
  }

  private async check(userId: string): Promise<void> {
    const head = await this.store.getSnapshotEntries(userId, []);
    if (head === null) {
      await this.rebuild(userId, 'the stored snapshot has no entries (an older layout)');
      return;
    }
    // checked (or written) under these rules before, by this instance or another, before a restart
    if (head.rules === this.rules || head.serverSeq === 0) {
      this.checked.add(userId);
      return;
    }
    let after: SnapshotKey | null = null;
    for (;;) {
      const page = await this.store.scanSnapshot(userId, after, this.checkPage);
      this.entriesChecked += page.length;
      // the message check: the compiled check first, valibot's decision and words when it fails
      const problem = safeParseMessage(SnapshotSchema, snapshotOf(0, page)).success
        ? { ok: true as const }
        : validateSnapshot(snapshotOf(0, page));
      if (!problem.ok) {
        this.logger.warn(
          { userId, problem: problem.error.message },
          'persisted snapshot breaks the current rules; rebuilding it',
        );
        await this.rebuild(userId, 'it breaks the current rules');
        return;
      }
      const last = page.at(-1);
      if (!last || page.length < this.checkPage) break;
      after = { part: last.part, key: last.key };
      await nextTurn();
    }
    // remembered across restarts, unless another instance moved the snapshot meanwhile (its
    // entries are then checked by whoever meets it next)
    await this.store.markSnapshotChecked(userId, head.serverSeq, this.rules);
    this.checked.add(userId);
  }

  /** Folds the whole log again (a page per turn) and replaces the stored snapshot with it. */
  private async rebuild(userId: string, why: string): Promise<void> {
    this.logger.warn({ userId, why }, 'rebuilding the snapshot from the log');
    const { state, serverSeq } = await this.foldLog(userId, emptySyncState(), 0, true);
    await this.store.putSnapshot(userId, toSnapshot(state, serverSeq), this.rules);
    this.notePersisted(userId, serverSeq);
    this.checked.add(userId);
  }

  /** `state` (at `seq`) with every op after `seq` folded in, a page at a time. */
  private async foldLog(
    userId: string,
    start: SyncState,
    seq: number,
    yieldBetweenPages = false,
  ): Promise<MaterialisedState> {
    let state = start;
    let at = seq;
    for (;;) {
      const page = await this.store.readOps(userId, at, LIMITS.maxPullPage);
      if (page.length === 0) break;
      state = applyOps(state, this.validOps(userId, page));
      at = page[page.length - 1]?.serverSeq ?? at;
      if (page.length < LIMITS.maxPullPage) break;
      if (yieldBetweenPages) await nextTurn();
    }
    return { state, serverSeq: at };
  }

  /** The ops of a page that pass today's rules (the rest stay in the log, out of the state). */
  private validOps(userId: string, page: readonly ServerOp[]): ServerOp[] {
    const valid = page.filter((op) => validateOp(op).ok);
    const skipped = page.length - valid.length;
    if (skipped > 0)
      this.logger.warn(
        { userId, skipped, fromSeq: page[0]?.serverSeq },
        'stored ops that break the current rules were left out of the snapshot',
      );
    return valid;
  }

  private notePersisted(userId: string, seq: number): void {
    this.persistedSeq.set(userId, Math.max(this.persistedSeq.get(userId) ?? 0, seq));
  }
}

/** The snapshot entry an op folds into, by the op table: a record by its id, a register by its key. */
function keyOf(op: Op): SnapshotKey {
  const spec = OP_TABLE[op.type];
  if (spec.kind === 'record') return { part: spec.stateKey, key: (op.payload as { id: string }).id };
  return { part: 'registers', key: (op.payload as { key: string }).key };
}

function touchedKeys(ops: readonly Op[]): SnapshotKey[] {
  const seen = new Set<string>();
  const out: SnapshotKey[] = [];
  for (const op of ops) {
    const k = keyOf(op);
    const id = `${k.part}\u0000${k.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(k);
  }
  return out;
}

/** A (partial) snapshot holding just these entries, for `fromSnapshot` / `validateSnapshot`. */
function snapshotOf(serverSeq: number, entries: readonly SnapshotEntry[]): Snapshot {
  const registers: Record<string, unknown> = {};
  const lists: Record<string, unknown[]> = {};
  for (const part of RECORD_STATE_KEYS) lists[part] = [];
  for (const e of entries) {
    if (e.part === 'registers')
      Object.defineProperty(registers, e.key, {
        value: e.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else lists[e.part]?.push(e.value);
  }
  return { serverSeq, registers, ...lists } as unknown as Snapshot;
}

/** The state's register or record under `k`, read by own key only (ids like "constructor" are valid). */
function entryOf(state: SyncState, k: SnapshotKey): unknown {
  const part = (state as unknown as Record<string, Record<string, unknown>>)[k.part] ?? {};
  // biome-ignore lint/suspicious/noPrototypeBuiltins: the same own-key read as the core's merge
  return Object.prototype.hasOwnProperty.call(part, k.key) ? part[k.key] : undefined;
}
