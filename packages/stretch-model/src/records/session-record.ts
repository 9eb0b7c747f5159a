import * as v from 'valibot';
import {
  DeviceIdSchema,
  EpochMsSchema,
  PainSchema,
  RecordIdSchema,
  StretchIdSchema,
  TimeZoneSchema,
  UtcOffsetMinutesSchema,
} from './ids.js';

/**
 * What happened to one stretch (and one side, for two-sided stretches) in a finished session.
 * Hold stretches carry target/held seconds; rep stretches carry target/done reps.
 *
 * `heldSeconds` is how long the hold's timer ran; `observedSeconds` (holds only) is the part of
 * it the watch actually saw run — the app open and ticking — as opposed to time that passed
 * while the screen was off or the app was closed, which the engine fills in when it catches up.
 * Adherence credits only observed time. Records from builds before it was measured have no
 * `observedSeconds`; their holds count as observed.
 */
export const StretchResultSchema = v.object({
  stretchId: StretchIdSchema,
  side: v.picklist(['left', 'right', 'none']),
  kind: v.picklist(['hold', 'reps']),
  targetSeconds: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  heldSeconds: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(3600))),
  observedSeconds: v.optional(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(3600)))),
  targetReps: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  repsDone: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  skipped: v.boolean(),
});
export type StretchResult = v.InferOutput<typeof StretchResultSchema>;

/** The longest a session may last (endedAt − startedAt): a day. A routine takes minutes. */
export const MAX_SESSION_MS = 24 * 60 * 60 * 1000;

/**
 * One run of a routine, as the session engine reports it when the run ends (done or aborted).
 * Append-only: once pushed it is never edited, and it is identified by `id` everywhere.
 * Each record keeps the zone and UTC offset it was done in, so adherence puts it on the
 * calendar day the person lived it, even after travel or a DST change.
 */
export const SessionRecordSchema = v.pipe(
  v.object({
    id: RecordIdSchema,
    deviceId: DeviceIdSchema,
    routineId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    routineName: v.pipe(v.string(), v.maxLength(80)),
    trigger: v.picklist(['manual', 'nudge']),
    outcome: v.picklist(['completed', 'aborted']),
    startedAt: EpochMsSchema,
    endedAt: EpochMsSchema,
    timeZone: TimeZoneSchema,
    utcOffsetMinutes: UtcOffsetMinutesSchema,
    painBefore: v.nullable(PainSchema),
    painAfter: v.nullable(PainSchema),
    stretches: v.pipe(v.array(StretchResultSchema), v.maxLength(64)),
  }),
  v.check((r) => r.endedAt >= r.startedAt, 'endedAt must not be before startedAt'),
  v.check((r) => r.endedAt - r.startedAt <= MAX_SESSION_MS, 'a session lasts at most 24 hours'),
);
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;
