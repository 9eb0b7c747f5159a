import type { ServerTuning } from '../../src/config.js';

/**
 * Tight limits whose windows (burst / perSecond = 100 s) cannot refill during a test, so every
 * count below is exact: 10 pushes per credential, 15 per user, 4 pulls per credential, 6 per user,
 * 3 browsers per user, 3 sockets per credential.
 */
export const TIGHT: Partial<ServerTuning> = {
  pushBurst: 10,
  pushesPerSecond: 0.1,
  userPushBurst: 15,
  userPushesPerSecond: 0.15,
  pullBurst: 4,
  pullsPerSecond: 0.04,
  userPullBurst: 6,
  userPullsPerSecond: 0.06,
  webReplicasPerUser: 3,
  socketsPerCredential: 3,
};
