import * as v from 'valibot';
import { isRuntimeTimeZone } from '../time/zone-names.js';

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

/**
 * A record id: 1–128 URL-safe characters. On the wire (`validateOp`) a record's id must also start
 * with its device's id and a colon (`${deviceId}:…`), so two devices can never make the same id;
 * see `recordIdProblem` in sync/op-table.ts.
 */
export const RecordIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'id must be 1–128 URL-safe characters'),
);

/**
 * An IANA time-zone name such as "Europe/Berlin", or "UTC": the shape, and a zone the runtime's
 * `Intl` knows wherever there is one (server, dashboard, phone). The watch has no `Intl` and checks
 * the shape only; see time/zone-names.ts for why that is enough.
 */
export const TimeZoneSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'timeZone must be an IANA zone name'),
  v.check(isRuntimeTimeZone, 'timeZone is not a known IANA zone'),
);

/** Minutes east of UTC at a given instant (Berlin in summer: +120). */
export const UtcOffsetMinutesSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(-14 * 60),
  v.maxValue(14 * 60),
);

/**
 * The range of every instant on the wire: 2020-01-01T00:00:00Z to 2100-01-01T00:00:00Z. Unknot did
 * not exist before 2020, and every party can format these (`Date` handles ±8.64e15 ms, but a year
 * with more than four digits breaks ISO dates, CSV columns and the watch's date labels).
 */
export const EPOCH_MS_MIN = 1_577_836_800_000;
export const EPOCH_MS_MAX = 4_102_444_800_000;
/** Milliseconds since the Unix epoch, UTC, within EPOCH_MS_MIN … EPOCH_MS_MAX. */
export const EpochMsSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(EPOCH_MS_MIN),
  v.maxValue(EPOCH_MS_MAX),
);

/** A pain/tightness self-rating on the 0–10 scale. */
export const PainSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10));
