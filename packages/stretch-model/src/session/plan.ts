/**
 * The timeline of one run, derived from a routine: a flat list of slots (get ready, hold per side,
 * switch side, inhale/exhale per rep, rest) with their nominal durations and offsets. The session
 * state stores only an index into this list, never the list itself, so a persisted state stays
 * small and the plan is always rebuilt the same way from the routine it carries.
 */
import { getStretch, type StretchKind } from '../catalog/stretches.js';
import type { StretchId } from '../records/ids.js';
import type { Routine } from '../records/routine.js';
import { PREPARE_SECONDS, SWITCH_SIDE_SECONDS } from '../routines/timing.js';

/** Phases that run on a timer. */
export const SESSION_TIMED_PHASES = ['prepare', 'hold', 'switchSide', 'inhale', 'exhale', 'rest'] as const;
export type SessionTimedPhase = (typeof SESSION_TIMED_PHASES)[number];
export type SessionSide = 'left' | 'right' | 'none';

export interface PlanSlot {
  phase: SessionTimedPhase;
  /** Index into `SessionPlan.items`; for a rest, the item that comes next. */
  item: number;
  stretchId: StretchId;
  kind: StretchKind;
  side: SessionSide;
  /** 1-based rep number for inhale/exhale slots, else 0. */
  rep: number;
  durationMs: number;
  /** Nominal offset from the start of the run. */
  startMs: number;
}

export interface PlanItem {
  stretchId: StretchId;
  kind: StretchKind;
  sides: readonly SessionSide[];
  targetSeconds: number | null;
  targetReps: number | null;
  /** Index of this item's `prepare` slot. */
  prepareSlot: number;
}

export interface SessionPlan {
  slots: readonly PlanSlot[];
  items: readonly PlanItem[];
  totalMs: number;
}

let cachedRoutine: Routine | null = null;
let cachedPlan: SessionPlan | null = null;

/** Builds (or reuses, for the same routine object) the timeline of a validated routine. */
export function buildSessionPlan(routine: Routine): SessionPlan {
  if (cachedRoutine === routine && cachedPlan) return cachedPlan;
  const slots: PlanSlot[] = [];
  const items: PlanItem[] = [];
  let offset = 0;
  const push = (slot: Omit<PlanSlot, 'startMs'>) => {
    slots.push({ ...slot, startMs: offset });
    offset += slot.durationMs;
  };

  for (const entry of routine.items) {
    if (!entry.enabled) continue;
    const stretch = getStretch(entry.stretchId);
    const item = items.length;
    if (item > 0 && routine.restSeconds > 0) {
      push({
        phase: 'rest',
        item,
        stretchId: stretch.id,
        kind: stretch.dosage.kind,
        side: 'none',
        rep: 0,
        durationMs: routine.restSeconds * 1000,
      });
    }
    const sides: SessionSide[] = stretch.sides === 'both' ? ['left', 'right'] : ['none'];
    const dosage = stretch.dosage;
    const base = { item, stretchId: stretch.id, kind: dosage.kind };
    items.push({
      stretchId: stretch.id,
      kind: dosage.kind,
      sides,
      targetSeconds: dosage.kind === 'hold' ? (entry.holdSeconds ?? dosage.defaultSeconds) : null,
      targetReps: dosage.kind === 'reps' ? (entry.reps ?? dosage.defaultReps) : null,
      prepareSlot: slots.length,
    });
    push({ ...base, phase: 'prepare', side: sides[0] ?? 'none', rep: 0, durationMs: PREPARE_SECONDS * 1000 });
    sides.forEach((side, sideIndex) => {
      if (sideIndex > 0) {
        push({ ...base, phase: 'switchSide', side, rep: 0, durationMs: SWITCH_SIDE_SECONDS * 1000 });
      }
      if (dosage.kind === 'hold') {
        const seconds = entry.holdSeconds ?? dosage.defaultSeconds;
        push({ ...base, phase: 'hold', side, rep: 0, durationMs: seconds * 1000 });
      } else {
        const count = entry.reps ?? dosage.defaultReps;
        for (let rep = 1; rep <= count; rep++) {
          push({ ...base, phase: 'inhale', side, rep, durationMs: dosage.inhaleSeconds * 1000 });
          push({ ...base, phase: 'exhale', side, rep, durationMs: dosage.exhaleSeconds * 1000 });
        }
      }
    });
  }
  cachedRoutine = routine;
  cachedPlan = { slots, items, totalMs: offset };
  return cachedPlan;
}
