/**
 * The session state: one plain, JSON-serialisable object. The watch persists it at every
 * transition and restores it after a screen-off or an app kill.
 *
 * Why absolute timestamps: the state stores when the current phase ends (`phaseEndsAt`, epoch ms),
 * not how much time is left. Whoever wakes the engine up later — after 100 ms or after ten
 * minutes — passes the current time, and the engine replays every boundary that passed in between,
 * in order, exactly as an uninterrupted run would have. Nothing in the state depends on how often
 * it was ticked, so the final state and record are the same however the ticks fall.
 * Only a pause stores a duration (`paused.remainingMs`), because paused time must not count.
 */
import * as v from 'valibot';
import {
  DeviceIdSchema,
  EpochMsSchema,
  PainSchema,
  RecordIdSchema,
  TimeZoneSchema,
  UtcOffsetMinutesSchema,
} from '../records/ids.js';
import { RoutineSchema } from '../records/routine.js';
import { StretchResultSchema } from '../records/session-record.js';
import { SESSION_TIMED_PHASES } from './plan.js';

export const SESSION_STATE_VERSION = 1;

export const SESSION_PHASES = [
  'idle',
  ...SESSION_TIMED_PHASES,
  'rating',
  'paused',
  'done',
  'aborted',
] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** Facts about the run given at start; copied into the session record. */
export const SessionInfoSchema = v.object({
  sessionId: RecordIdSchema,
  deviceId: DeviceIdSchema,
  timeZone: TimeZoneSchema,
  utcOffsetMinutes: UtcOffsetMinutesSchema,
  trigger: v.picklist(['manual', 'nudge']),
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;

const NonNegativeIntSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const SessionStateSchema = v.object({
  version: v.literal(SESSION_STATE_VERSION),
  routine: RoutineSchema,
  phase: v.picklist(SESSION_PHASES),
  /** Index into the plan's slots; -1 before start, `slots.length` once the last stretch is over. */
  slot: v.pipe(v.number(), v.integer(), v.minValue(-1)),
  /** When the current timed phase (or the rating window) ends; null when nothing is running. */
  phaseEndsAt: v.nullable(EpochMsSchema),
  /** Seconds-before-end of the next 3-2-1 countdown cue of a hold; 0 when none is left. */
  countdownNext: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3)),
  paused: v.nullable(
    v.object({
      phase: v.picklist(SESSION_TIMED_PHASES),
      remainingMs: NonNegativeIntSchema,
      at: EpochMsSchema,
    }),
  ),
  info: v.nullable(SessionInfoSchema),
  startedAt: v.nullable(EpochMsSchema),
  endedAt: v.nullable(EpochMsSchema),
  painBefore: v.nullable(PainSchema),
  painAfter: v.nullable(PainSchema),
  /** One entry per stretch side finished, skipped or (on abort) reached, in order. */
  results: v.pipe(v.array(StretchResultSchema), v.maxLength(64)),
  /** When the engine last saw an event (a tick, a button): the start of the next observed stretch of time. */
  seenAt: v.optional(v.nullable(EpochMsSchema)),
  /** How much of the current hold the engine observed, ms (see `OBSERVED_GAP_MS`). */
  observedMs: v.optional(NonNegativeIntSchema),
});
export type SessionState = v.InferOutput<typeof SessionStateSchema>;
