import type { SyncError } from '@unknot/stretch-model';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal.js';
import type { ServerTuning } from '../config.js';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';

/** How much of one kind of request a key may make: `burst` at once, `perSecond` on average. */
export interface Allowance {
  burst: number;
  perSecond: number;
}

/**
 * The request limits, all in one place. Keyed by who asks — the authenticated principal — never
 * by what a request claims: a user token naming eight fresh `web-…` ids is still one session and
 * one user.
 */
export interface LimitPolicy {
  /** pushes per credential (a paired device's secret, or one signed-in session) */
  pushPerCredential: Allowance;
  /** pushes per user, summed over all their credentials */
  pushPerUser: Allowance;
  pullPerCredential: Allowance;
  pullPerUser: Allowance;
  /** browser replicas (`web-…` device rows, not revoked) a user may have; new ones beyond are refused */
  webReplicasPerUser: number;
  /** open sockets per credential; a new one beyond closes the oldest */
  socketsPerCredential: number;
}

export function limitPolicy(t: ServerTuning): LimitPolicy {
  return {
    pushPerCredential: { burst: t.pushBurst, perSecond: t.pushesPerSecond },
    pushPerUser: { burst: t.userPushBurst, perSecond: t.userPushesPerSecond },
    pullPerCredential: { burst: t.pullBurst, perSecond: t.pullsPerSecond },
    pullPerUser: { burst: t.userPullBurst, perSecond: t.userPullsPerSecond },
    webReplicasPerUser: t.webReplicasPerUser,
    socketsPerCredential: t.socketsPerCredential,
  };
}

/** The key of the credential behind a principal: its session, or its paired device. */
export function credentialKey(p: Principal): string {
  if (p.kind === 'device') return `device:${p.userId}:${p.deviceId ?? ''}`;
  return p.sessionId ? `session:${p.sessionId}` : `user-token:${p.userId}`;
}

/** A node-redis v4+/v5 client (rate-limiter-flexible's `useRedisPackage`). */
export type RedisCommandClient = object;

export type RequestKind = 'push' | 'pull';

/**
 * Push and pull limits by rate-limiter-flexible: per kind, one limiter per credential and one per
 * user, each a fixed window of `burst` requests per `burst / perSecond` seconds. In memory by
 * default; with `REDIS_URL` in Redis, so every instance draws from the same allowance (N instances
 * do not grant N times the rate). If Redis fails, the request is let through on a per-instance
 * in-memory limiter with the same numbers (rate-limiter-flexible's insurance limiter) rather than
 * refused, and the failure is logged.
 */
export class RequestLimits {
  private readonly limiters: Record<
    RequestKind,
    { credential: RateLimiterAbstract; user: RateLimiterAbstract }
  >;

  constructor(
    readonly policy: LimitPolicy,
    private readonly logger: Logger,
    redis: RedisCommandClient | null = null,
  ) {
    const make = (name: string, a: Allowance): RateLimiterAbstract => {
      const opts = {
        keyPrefix: `unknot:rl:${name}`,
        points: a.burst,
        duration: Math.max(1, Math.ceil(a.burst / a.perSecond)),
      };
      if (!redis) return new RateLimiterMemory(opts);
      return new RateLimiterRedis({
        ...opts,
        storeClient: redis,
        useRedisPackage: true,
        insuranceLimiter: new RateLimiterMemory(opts),
      });
    };
    this.limiters = {
      push: {
        credential: make('push:credential', policy.pushPerCredential),
        user: make('push:user', policy.pushPerUser),
      },
      pull: {
        credential: make('pull:credential', policy.pullPerCredential),
        user: make('pull:user', policy.pullPerUser),
      },
    };
  }

  /** Takes one request of this kind for the principal; the typed refusal when over a limit. */
  async take(kind: RequestKind, principal: Principal): Promise<SyncError | null> {
    const { credential, user } = this.limiters[kind];
    const what = kind === 'push' ? 'pushes' : 'pulls';
    if (!(await this.consume(credential, credentialKey(principal))))
      return syncError('rateLimited', `too many ${what} with this credential; slow down`);
    if (!(await this.consume(user, principal.userId)))
      return syncError('rateLimited', `too many ${what} for this account; slow down`);
    return null;
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
    try {
      await limiter.consume(key);
      return true;
    } catch (res) {
      if (res instanceof RateLimiterRes) return false;
      // neither Redis nor the insurance limiter answered: fail open, loudly
      this.logger.error({ err: res }, 'rate limiter failed');
      return true;
    }
  }
}
