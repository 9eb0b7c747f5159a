import { emptyNudgeHistory, type NudgeHistory, NudgeHistorySchema } from '@unknot/stretch-model';
import * as v from 'valibot';
import { readJson, STORAGE_KEYS, writeJson } from '../platform/storage.js';

/** What the nudge service keeps between wake-ups. */
export interface NudgeMemory {
  history: NudgeHistory;
  /** The pending `@zos/alarm` id (0 = none) and when it fires (ms). */
  alarmId: number;
  alarmAt: number | null;
  /** The nudge shown last and not yet answered, so the nudge page can answer it. */
  openNudgeId: string | null;
  /** Wake-up times of the last 48 h, for the wake budget (≤ 4 an hour on average). */
  wakes: number[];
}

export function loadNudgeMemory(): NudgeMemory {
  const raw = readJson(STORAGE_KEYS.nudge);
  const base: NudgeMemory = {
    history: emptyNudgeHistory(),
    alarmId: 0,
    alarmAt: null,
    openNudgeId: null,
    wakes: [],
  };
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Partial<Record<keyof NudgeMemory, unknown>>;
  const history = v.safeParse(NudgeHistorySchema, r.history);
  return {
    history: history.success ? history.output : base.history,
    alarmId: typeof r.alarmId === 'number' ? r.alarmId : 0,
    alarmAt: typeof r.alarmAt === 'number' ? r.alarmAt : null,
    openNudgeId: typeof r.openNudgeId === 'string' ? r.openNudgeId : null,
    wakes: Array.isArray(r.wakes) ? r.wakes.filter((t): t is number => typeof t === 'number') : [],
  };
}

export function saveNudgeMemory(memory: NudgeMemory): void {
  writeJson(STORAGE_KEYS.nudge, memory);
}
