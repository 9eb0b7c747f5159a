import * as v from 'valibot';

/** Stable ids of the six stretches in the catalog. Never rename: records and routines refer to them. */
export const STRETCH_IDS = [
  'upper-back',
  'doorway-chest',
  'childs-pose',
  'cat-cow',
  'seated-twist',
  'wall-lat',
] as const;
export type StretchId = (typeof STRETCH_IDS)[number];
export const StretchIdSchema = v.picklist(STRETCH_IDS);

/** A device id: short, URL-safe. Chosen by the device at first start (or by the server at pairing). */
export const DeviceIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'deviceId must be 1–64 URL-safe characters'),
);

/** A record id is globally unique; by convention `${deviceId}:${startedAtMs}` or any URL-safe string. */
export const RecordIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'id must be 1–128 URL-safe characters'),
);

/** An IANA time-zone name such as "Europe/Berlin", or "UTC". Validated for shape only (no Intl on the watch). */
export const TimeZoneSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'timeZone must be an IANA zone name'),
);

/** Minutes east of UTC at a given instant (Berlin in summer: +120). */
export const UtcOffsetMinutesSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(-14 * 60),
  v.maxValue(14 * 60),
);

/** Milliseconds since the Unix epoch, UTC. */
export const EpochMsSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

/** A pain/tightness self-rating on the 0–10 scale. */
export const PainSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10));
