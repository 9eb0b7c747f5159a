import * as v from 'valibot';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)));
const intFromEnv = (def: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), String(def)),
    v.trim(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  );

/**
 * How long a group commit waits for more appends after the last one (ms): `SQLITE_COMMIT_WINDOW_MS`,
 * and `SqliteStore`'s default when it is given none.
 */
export const DEFAULT_SQLITE_COMMIT_WINDOW_MS = 2;

/**
 * Ops a group commit gathers before it commits at once, inside the event-loop turn:
 * `SQLITE_COMMIT_MAX_OPS`, and `SqliteStore`'s default when it is given none.
 */
export const DEFAULT_SQLITE_COMMIT_MAX_OPS = 250;

/** Environment variables the server reads; everything is validated once at start-up. */
const EnvSchema = v.object({
  PORT: intFromEnv(8787, 0, 65535),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
  STORE: v.optional(v.picklist(['sqlite', 'firestore'], 'must be "sqlite" or "firestore"'), 'sqlite'),
  SQLITE_SYNCHRONOUS: v.optional(v.picklist(['FULL', 'NORMAL'], 'must be "FULL" or "NORMAL"'), 'NORMAL'),
  SQLITE_COMMIT_WINDOW_MS: intFromEnv(DEFAULT_SQLITE_COMMIT_WINDOW_MS, 0, 100),
  SQLITE_COMMIT_MAX_OPS: intFromEnv(DEFAULT_SQLITE_COMMIT_MAX_OPS, 1, 100_000),
  AUTH_MODE: v.optional(v.picklist(['local', 'firebase'], 'must be "local" or "firebase"'), 'local'),
  FIREBASE_PROJECT_ID: optionalString,
  FIREBASE_API_KEY: optionalString,
  REDIS_URL: v.optional(
    v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')),
  ),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('must be an absolute URL'))),
  SESSION_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  DASHBOARD_DIR: optionalString,
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`), 'info'),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'firestore';
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** group commit's window: commits at most once per this many ms under load (0 = none) */
  sqliteCommitWindowMs: number;
  /** ops a group commit gathers before it commits inside the turn (SQLITE_COMMIT_MAX_OPS) */
  sqliteCommitMaxOps: number;
  authMode: 'local' | 'firebase';
  firebaseProjectId: string | undefined;
  firebaseApiKey: string | undefined;
  redisUrl: string | undefined;
  /** Origin used in the printed login link; defaults to http://HOST:PORT once listening. */
  publicUrl: string | undefined;
  sessionSecret: string | undefined;
  dashboardDir: string | undefined;
  logLevel: LogLevel;
  /** Tunables that are not env vars (tests and the benchmark change them). */
  tuning: ServerTuning;
}

export interface ServerTuning {
  /**
   * Request limits (see `services/request-limits.ts`, the one place they are applied): per
   * credential — a paired device or one signed-in session — and per user over all credentials;
   * each allows `burst` at once and `perSecond` on average.
   */
  pushBurst: number;
  pushesPerSecond: number;
  userPushBurst: number;
  userPushesPerSecond: number;
  pullBurst: number;
  pullsPerSecond: number;
  userPullBurst: number;
  userPullsPerSecond: number;
  /** browser replicas a user may register (revoked ones do not count) */
  webReplicasPerUser: number;
  /** open sockets per credential; the oldest is closed when a new one goes over */
  socketsPerCredential: number;
  /** persist the materialised snapshot once this many ops piled up since the last one */
  snapshotEvery: number;
  /** pairing codes a user may create per window */
  pairingCodesPerWindow: number;
  pairingWindowMs: number;
  pairingCodeTtlMs: number;
  loginLinkTtlMs: number;
  sessionTtlMs: number;
  /** how often device stats (last sync, pending ops) are written to the store */
  deviceStatsFlushMs: number;
}

export const DEFAULT_TUNING: ServerTuning = {
  pushBurst: 60,
  pushesPerSecond: 20,
  userPushBurst: 120,
  userPushesPerSecond: 40,
  pullBurst: 60,
  pullsPerSecond: 20,
  userPullBurst: 120,
  userPullsPerSecond: 40,
  webReplicasPerUser: 20,
  socketsPerCredential: 10,
  snapshotEvery: 500,
  pairingCodesPerWindow: 5,
  pairingWindowMs: 10 * 60_000,
  pairingCodeTtlMs: 10 * 60_000,
  loginLinkTtlMs: 24 * 3600_000,
  sessionTtlMs: 7 * 24 * 3600_000,
  deviceStatsFlushMs: 1000,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, val]) => val !== undefined && val !== ''),
  );
  const parsed = v.safeParse(EnvSchema, present);
  if (!parsed.success) {
    const lines = parsed.issues.map((i) => {
      const key = i.path?.map((p) => String(p.key)).join('.') ?? '?';
      return `  ${key}=${JSON.stringify(present[key] ?? '')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.output;
  if (e.AUTH_MODE === 'firebase' && !e.FIREBASE_PROJECT_ID)
    throw new ConfigError('Invalid configuration:\n  FIREBASE_PROJECT_ID: required when AUTH_MODE=firebase');
  if (e.STORE === 'firestore' && !e.FIREBASE_PROJECT_ID)
    throw new ConfigError('Invalid configuration:\n  FIREBASE_PROJECT_ID: required when STORE=firestore');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    store: e.STORE,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    sqliteCommitWindowMs: e.SQLITE_COMMIT_WINDOW_MS,
    sqliteCommitMaxOps: e.SQLITE_COMMIT_MAX_OPS,
    authMode: e.AUTH_MODE,
    firebaseProjectId: e.FIREBASE_PROJECT_ID,
    firebaseApiKey: e.FIREBASE_API_KEY,
    redisUrl: e.REDIS_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    sessionSecret: e.SESSION_SECRET,
    dashboardDir: e.DASHBOARD_DIR,
    logLevel: e.LOG_LEVEL,
    tuning: { ...DEFAULT_TUNING },
  };
}
