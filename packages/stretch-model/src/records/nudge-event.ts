import * as v from 'valibot';
import {
  DeviceIdSchema,
  EpochMsSchema,
  RecordIdSchema,
  TimeZoneSchema,
  UtcOffsetMinutesSchema,
} from './ids.js';

/**
 * An inactivity nudge and what the person did with it. One `shown` event per nudge, then at
 * most one response (`started` a micro-break, `snoozed`, `dismissed`) with the same `nudgeId`.
 * No response within the nudge's lifetime counts as ignored. Append-only, like sessions.
 */
export const NudgeEventSchema = v.object({
  id: RecordIdSchema,
  nudgeId: RecordIdSchema,
  deviceId: DeviceIdSchema,
  action: v.picklist(['shown', 'started', 'snoozed', 'dismissed']),
  at: EpochMsSchema,
  timeZone: TimeZoneSchema,
  utcOffsetMinutes: UtcOffsetMinutesSchema,
});
export type NudgeEvent = v.InferOutput<typeof NudgeEventSchema>;
export type NudgeAction = NudgeEvent['action'];
