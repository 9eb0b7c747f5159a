/**
 * A schedule's plan: the devices and the sequence of actions, derived from its seed alone (the
 * link faults are drawn while it runs, from per-device streams of the same seed).
 */
import { STRETCH_IDS } from '@unknot/stretch-model';
import { Rng } from './prng.js';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
/** Every 16th seed is a SIGKILL schedule (child-process server); the rest run in-process. */
export const KILL_EVERY = 16;
export const isKillSeed = (seed: number): boolean => seed % KILL_EVERY === 0;

export type DeviceKind = 'watch' | 'web';
export interface DeviceSpec {
  kind: DeviceKind;
  /** device clock minus true time, within ±12 h */
  skewMs: number;
  /** link conditions at start */
  lossRate: number;
  duplicateRate: number;
  reorderRate: number;
}

export type RegisterKey = 'settings.reminders' | 'settings.plan' | 'routine.fault-custom';
export const REGISTER_KEYS: readonly RegisterKey[] = [
  'settings.reminders',
  'settings.plan',
  'routine.fault-custom',
];

export type Action =
  | { t: 'session'; d: number; minutes: number; outcome: 'completed' | 'aborted'; pain: number }
  | { t: 'nudge'; d: number; response: 'started' | 'snoozed' | 'dismissed' | null }
  | { t: 'edit'; d: number; key: RegisterKey; variant: number }
  | { t: 'concurrentEdit'; a: number; b: number; key: RegisterKey; variants: [number, number] }
  | { t: 'sync'; d: number }
  | { t: 'syncAll' }
  | { t: 'advance'; ms: number }
  | { t: 'offline'; d: number; ms: number }
  | { t: 'link'; d: number; lossRate: number; duplicateRate: number; reorderRate: number }
  | { t: 'clockJump'; d: number; skewMs: number }
  | { t: 'restartApp'; d: number }
  | { t: 'replayDelayed'; d: number }
  | { t: 'join'; spec: DeviceSpec }
  | { t: 'kill'; midSync: number | null; delayMs: number }
  | { t: 'restart' };

export interface Plan {
  seed: number;
  kill: boolean;
  devices: DeviceSpec[];
  actions: Action[];
}

function deviceSpec(rng: Rng, kind: DeviceKind): DeviceSpec {
  return {
    kind,
    skewMs: rng.chance(0.15) ? 0 : rng.int(-12 * HOUR, 12 * HOUR),
    lossRate: rng.pick([0, 0.05, 0.1, 0.2, 0.3]),
    duplicateRate: rng.pick([0, 0.05, 0.15]),
    reorderRate: rng.pick([0, 0.05, 0.15]),
  };
}

/** Builds the plan for `seed`. Pure. */
export function makePlan(seed: number): Plan {
  const rng = new Rng(seed);
  const kill = isKillSeed(seed);
  const count = rng.int(2, 4);
  const devices: DeviceSpec[] = [];
  for (let i = 0; i < count; i++)
    devices.push(deviceSpec(rng, i === 0 ? 'watch' : rng.pick(['watch', 'web'])));
  let deviceCount = count;
  const steps = kill ? rng.int(30, 50) : rng.int(18, 40);
  const actions: Action[] = [];
  const anyDevice = () => rng.int(0, deviceCount - 1);

  for (let i = 0; i < steps; i++) {
    const kind = rng.weighted({
      session: 16,
      nudge: 8,
      edit: 9,
      concurrentEdit: 6,
      sync: 18,
      syncAll: 6,
      advance: 10,
      offline: 4,
      link: 4,
      clockJump: 2,
      restartApp: 3,
      replayDelayed: 3,
      join: deviceCount < 5 ? 1 : 0,
    });
    switch (kind) {
      case 'session':
        actions.push({
          t: 'session',
          d: anyDevice(),
          minutes: rng.int(2, 14),
          outcome: rng.chance(0.8) ? 'completed' : 'aborted',
          pain: rng.int(0, 10),
        });
        break;
      case 'nudge':
        actions.push({
          t: 'nudge',
          d: anyDevice(),
          response: rng.pick(['started', 'snoozed', 'dismissed', null] as const),
        });
        break;
      case 'edit':
        actions.push({ t: 'edit', d: anyDevice(), key: rng.pick(REGISTER_KEYS), variant: rng.int(0, 9999) });
        break;
      case 'concurrentEdit': {
        const a = anyDevice();
        let b = anyDevice();
        if (b === a) b = (a + 1) % deviceCount;
        actions.push({
          t: 'concurrentEdit',
          a,
          b,
          key: rng.pick(REGISTER_KEYS),
          variants: [rng.int(0, 9999), rng.int(0, 9999)],
        });
        break;
      }
      case 'sync':
        actions.push({ t: 'sync', d: anyDevice() });
        break;
      case 'syncAll':
        actions.push({ t: 'syncAll' });
        break;
      case 'advance':
        actions.push({
          t: 'advance',
          ms: rng.chance(0.25) ? rng.int(1, 4) * DAY + rng.int(0, DAY) : rng.int(1, 6 * 60) * 60_000,
        });
        break;
      case 'offline':
        // the phone (or the laptop) is away for hours to a week of simulated time
        actions.push({ t: 'offline', d: anyDevice(), ms: rng.int(2 * HOUR, 7 * DAY) });
        break;
      case 'link':
        actions.push({
          t: 'link',
          d: anyDevice(),
          lossRate: rng.pick([0, 0.1, 0.2, 0.3]),
          duplicateRate: rng.pick([0, 0.1, 0.2]),
          reorderRate: rng.pick([0, 0.1, 0.2]),
        });
        break;
      case 'clockJump':
        actions.push({ t: 'clockJump', d: anyDevice(), skewMs: rng.int(-12 * HOUR, 12 * HOUR) });
        break;
      case 'restartApp':
        actions.push({ t: 'restartApp', d: anyDevice() });
        break;
      case 'replayDelayed':
        actions.push({ t: 'replayDelayed', d: anyDevice() });
        break;
      case 'join':
        actions.push({ t: 'join', spec: deviceSpec(rng, rng.pick(['watch', 'web'])) });
        deviceCount++;
        break;
    }
  }

  if (kill) {
    // 1–3 kills, each followed by a restart a few actions later; some land while a device syncs
    const kills = rng.int(1, 3);
    const slots = rng.shuffle(Array.from({ length: actions.length }, (_, i) => i)).slice(0, kills);
    for (const at of slots.sort((x, y) => y - x)) {
      const devicesThen = count + actions.slice(0, at).filter((a) => a.t === 'join').length;
      const downFor = rng.int(0, 4);
      actions.splice(at + 1, 0, { t: 'restart' });
      actions.splice(at, 0, {
        t: 'kill',
        midSync: rng.chance(0.7) ? rng.int(0, devicesThen - 1) : null,
        delayMs: rng.int(0, 25),
      });
      // move the restart `downFor` actions later (the devices keep working while it is down)
      const restartAt = at + 2;
      const moved = actions.splice(restartAt, 1)[0] as Action;
      actions.splice(Math.min(actions.length, restartAt + downFor), 0, moved);
    }
  }
  return { seed, kill, devices, actions };
}

// ---- payloads ----

export function reminderValue(variant: number) {
  return {
    enabled: variant % 7 !== 0,
    activeHours: { startMinute: 6 * 60 + (variant % 5) * 30, endMinute: 17 * 60 + (variant % 4) * 30 },
    activeDays: [1, 2, 3, 4, 5].slice(0, 1 + (variant % 5)),
    stillThresholdMinutes: 15 + (variant % 226),
    movingStepsPerMinute: 1 + (variant % 200),
    snoozeMinutes: 5 + (variant % 116),
    dailyCap: variant % 25,
    quietPeriods: variant % 3 === 0 ? [] : [{ startMinute: 12 * 60, endMinute: 12 * 60 + (variant % 90) }],
  };
}

export function planValue(variant: number) {
  return {
    routineId: variant % 2 === 0 ? 'full-back' : `micro-${variant % 3}`,
    days: [0, 1, 2, 3, 4, 5, 6].filter((d) => (variant >> d) % 2 === 0),
    timeZone: ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'][variant % 4] as string,
  };
}

/** A custom routine, or (one time in four) its deletion: a null tombstone. */
export function routineValue(variant: number) {
  if (variant % 4 === 0) return null;
  const items = STRETCH_IDS.slice(0, 2 + (variant % 5)).map((stretchId, i) => ({
    stretchId,
    holdSeconds: stretchId === 'cat-cow' ? null : 20 + ((variant + i) % 11),
    reps: stretchId === 'cat-cow' ? 8 + (variant % 3) : null,
    enabled: (variant + i) % 6 !== 0,
  }));
  return {
    id: 'fault-custom',
    name: `Custom ${variant}`,
    kind: 'custom' as const,
    restSeconds: 5 + (variant % 20),
    allowRepeats: false,
    items,
  };
}

export function registerValue(key: RegisterKey, variant: number): unknown {
  if (key === 'settings.reminders') return reminderValue(variant);
  if (key === 'settings.plan') return planValue(variant);
  return routineValue(variant);
}

export function describeAction(a: Action): string {
  switch (a.t) {
    case 'session':
      return `session(d${a.d},${a.minutes}min,${a.outcome})`;
    case 'nudge':
      return `nudge(d${a.d},${a.response ?? 'ignored'})`;
    case 'edit':
      return `edit(d${a.d},${a.key}#${a.variant})`;
    case 'concurrentEdit':
      return `concurrentEdit(d${a.a}+d${a.b},${a.key})`;
    case 'sync':
      return `sync(d${a.d})`;
    case 'syncAll':
      return 'syncAll';
    case 'advance':
      return `advance(${(a.ms / HOUR).toFixed(1)}h)`;
    case 'offline':
      return `offline(d${a.d},${(a.ms / HOUR).toFixed(1)}h)`;
    case 'link':
      return `link(d${a.d},loss=${a.lossRate},dup=${a.duplicateRate},reorder=${a.reorderRate})`;
    case 'clockJump':
      return `clockJump(d${a.d},${(a.skewMs / HOUR).toFixed(1)}h)`;
    case 'restartApp':
      return `restartApp(d${a.d})`;
    case 'replayDelayed':
      return `replayDelayed(d${a.d})`;
    case 'join':
      return `join(${a.spec.kind},skew=${(a.spec.skewMs / HOUR).toFixed(1)}h)`;
    case 'kill':
      return `SIGKILL(${a.midSync === null ? 'idle' : `mid-sync d${a.midSync}`})`;
    case 'restart':
      return 'restart';
  }
}
