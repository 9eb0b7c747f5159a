import type { ServerTuning } from '@unknot/sync-server';

/**
 * What the fault servers change from DEFAULT_TUNING, and why:
 * - push and pull rate limits (per credential and per user) are lifted: retries under 30 % loss arrive in bursts, and rate limiting has
 *   its own tests; here a `rateLimited` answer would only slow the schedules down.
 * - pairing-code limits are lifted: every schedule pairs 2–4 fresh devices for a fresh user.
 * - a snapshot every 20 ops (default 500): devices that join mid-run and the final "fresh client"
 *   check then really start from a persisted snapshot plus the tail.
 */
export const FAULT_TUNING: Partial<ServerTuning> = {
  pushBurst: 100_000,
  pushesPerSecond: 100_000,
  userPushBurst: 100_000,
  userPushesPerSecond: 100_000,
  pullBurst: 100_000,
  pullsPerSecond: 100_000,
  userPullBurst: 100_000,
  userPullsPerSecond: 100_000,
  pairingCodesPerWindow: 100_000,
  snapshotEvery: 20,
};
