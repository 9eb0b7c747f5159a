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
 * The in-memory limiter: a fixed window per key, as rate-limiter-flexible's RateLimiterMemory
 * counts (`points` per `duration` seconds from a key's first request; over them is refused, and
 * still counted), but synchronous — no promise and no timer per request on the push path.
 */
class FixedWindows {
  private readonly windows = new Map<string, { used: number; resetAt: number }>();
  private sweepAt = 0;

  constructor(
    private readonly points: number,
    private readonly durationMs: number,
    private readonly now: () => number,
  ) {}

  /** True when the request fits in its key's window. */
  consume(key: string): boolean {
    const t = this.now();
    if (t >= this.sweepAt) this.sweep(t);
    let w = this.windows.get(key);
    if (!w || t >= w.resetAt) {
      w = { used: 0, resetAt: t + this.durationMs };
      this.windows.set(key, w);
    }
    w.used++;
    return w.used <= this.points;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t >= w.resetAt) this.windows.delete(k);
    this.sweepAt = t + Math.max(this.durationMs, 10_000);
  }
}

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
  > | null;
  private readonly memory: Record<RequestKind, { credential: FixedWindows; user: FixedWindows }> | null;

  constructor(
    readonly policy: LimitPolicy,
    private readonly logger: Logger,
    redis: RedisCommandClient | null = null,
    now: () => number = Date.now,
  ) {
    const duration = (a: Allowance) => Math.max(1, Math.ceil(a.burst / a.perSecond));
    if (!redis) {
      const make = (a: Allowance) => new FixedWindows(a.burst, duration(a) * 1000, now);
      this.limiters = null;
      this.memory = {
        push: { credential: make(policy.pushPerCredential), user: make(policy.pushPerUser) },
        pull: { credential: make(policy.pullPerCredential), user: make(policy.pullPerUser) },
      };
      return;
    }
    const make = (name: string, a: Allowance): RateLimiterAbstract => {
      const opts = { keyPrefix: `unknot:rl:${name}`, points: a.burst, duration: duration(a) };
      return new RateLimiterRedis({
        ...opts,
        storeClient: redis,
        useRedisPackage: true,
        insuranceLimiter: new RateLimiterMemory(opts),
      });
    };
    this.memory = null;
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

  /**
   * Takes one request of this kind for the principal; the typed refusal when over a limit.
   * Synchronous in memory, a promise with Redis.
   */
  take(kind: RequestKind, principal: Principal): SyncError | null | Promise<SyncError | null> {
    const what = kind === 'push' ? 'pushes' : 'pulls';
    if (this.memory) {
      const { credential, user } = this.memory[kind];
      if (!credential.consume(credentialKey(principal)))
        return syncError('rateLimited', `too many ${what} with this credential; slow down`);
      if (!user.consume(principal.userId))
        return syncError('rateLimited', `too many ${what} for this account; slow down`);
      return null;
    }
    return this.takeShared(kind, principal, what);
  }

  private async takeShared(kind: RequestKind, principal: Principal, what: string): Promise<SyncError | null> {
    const { credential, user } = (this.limiters as NonNullable<typeof this.limiters>)[kind];
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
