import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AuthConfig, LIMITS } from '@unknot/stretch-model';
import type { App } from 'firebase-admin/app';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { AppModule } from './app.module.js';
import { AccountService } from './auth/account.service.js';
import { AuthService } from './auth/auth.service.js';
import { type IdentityVerifier, LocalIdentityVerifier } from './auth/identity.js';
import { LocalLoginService } from './auth/local-login.service.js';
import { PasskeyService } from './auth/passkey.service.js';
import { SessionService } from './auth/session.service.js';
import { loadOrCreateSessionSecret, SessionTokens } from './auth/session-tokens.js';
import type { ServerConfig } from './config.js';
import type { RedisIoAdapter } from './gateways/redis-io.adapter.js';
import { SyncIoAdapter } from './gateways/sync-io.adapter.js';
import { createLogger, type Logger, PinoNestLogger } from './logger.js';
import { OriginPolicy } from './origin-policy.js';
import { securityHeaders } from './security-headers.js';
import { DeviceService } from './services/device.service.js';
import { ExportService } from './services/export.service.js';
import { ShareLinkService } from './services/share-link.service.js';
import { MetricsService } from './services/metrics.service.js';
import { PairingService } from './services/pairing.service.js';
import type { Services } from './services/services.js';
import { SnapshotService } from './services/snapshot.service.js';
import { SocketHub } from './services/socket-hub.js';
import { limitPolicy, RequestLimits } from './services/request-limits.js';
import { SyncService } from './services/sync.service.js';
import { ensureDataDir } from './data-dir.js';
import { SqliteStore } from './stores/sqlite.store.js';
import { PASSKEYS_META_KEY } from './auth/passkey.service.js';
import type { Store } from './stores/store.js';

export interface RunningServer {
  /** http://host:port the server listens on */
  url: string;
  port: number;
  /** AUTH_MODE=local: the one-time login link printed at start (null in firebase mode) */
  loginUrl: string | null;
  /** the one-time token inside loginUrl */
  loginToken: string | null;
  /**
   * AUTH_MODE=local with a passkey registered: no link is printed at start (people sign in with
   * their passkey; `npm run sign-in-link` is the way back in), so loginUrl and loginToken are null.
   */
  passkeysInUse: boolean;
  services: Services;
  /** Graceful stop: refuse new work, finish in-flight pushes, flush, close the store. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  logger?: Logger;
  /** use this store instead of building one from the config (tests) */
  store?: Store;
  /** do not print the login link for humans on stderr (tests, benchmark) */
  quiet?: boolean;
  /**
   * Extra HTTP handler mounted before the API routes and the dashboard (the whole-system harness
   * serves its simulated watch under /sim with it). Call `next()` for requests it does not handle.
   */
  httpMiddleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

/** Builds and starts one sync server instance. `main.ts` is a thin wrapper around this. */
export async function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const needsFirebase = config.store === 'firestore' || config.authMode === 'firebase';
  let firebaseApp: App | null = null;
  if (needsFirebase) {
    const { initializeApp } = await import('firebase-admin/app');
    firebaseApp = initializeApp({ projectId: config.firebaseProjectId }, `unknot-${randomUUID()}`);
  }

  const store = options.store ?? (await openStore(config, firebaseApp));
  const tuning = config.tuning;
  const hub = new SocketHub();
  // fan-out as the stored text of the ops, unless the Redis adapter carries packets between instances
  hub.spliceFanOut = !config.redisUrl;
  hub.singleInstance = !config.redisUrl;
  const metrics = new MetricsService({ defaultMetrics: true });

  let identity: IdentityVerifier;
  let tokens: SessionTokens | null = null;
  if (config.authMode === 'firebase' && firebaseApp) {
    const { FirebaseIdentityVerifier } = await import('./auth/firebase-identity.js');
    identity = new FirebaseIdentityVerifier(firebaseApp);
  } else {
    if (!config.sessionSecret) ensureDataDir(config.dataDir);
    tokens = new SessionTokens(
      loadOrCreateSessionSecret(config.dataDir, config.sessionSecret),
      tuning.sessionTtlMs,
    );
    identity = new LocalIdentityVerifier(tokens);
  }
  const sessions = new SessionService(store, hub, identity, tokens, logger);
  const auth = new AuthService(store, identity, sessions);
  const localLogin = tokens ? new LocalLoginService(store, sessions, auth, tuning.loginLinkTtlMs) : null;
  const origins = new OriginPolicy(config.publicUrl);
  const passkeys = tokens ? new PasskeyService(store, sessions, auth, origins, logger) : null;
  const accounts = new AccountService(store, auth, identity, passkeys, logger);
  const devices = new DeviceService(store, hub, logger, tuning.deviceStatsFlushMs);
  devices.onBrowserRevoked = (userId, deviceId) => sessions.endBrowser(userId, deviceId);
  const snapshots = new SnapshotService(store, logger, tuning.snapshotEvery);
  // with REDIS_URL the limits live in Redis, shared by every instance (a client of their own)
  let limitsRedis: { quit(): Promise<unknown> } | null = null;
  let limitsClient: object | null = null;
  if (config.redisUrl) {
    const { createClient } = await import('redis');
    const client = createClient({ url: config.redisUrl });
    client.on('error', (err: unknown) => logger.error({ err }, 'redis (limits) error'));
    await client.connect();
    limitsRedis = client;
    limitsClient = client;
  }
  const limits = new RequestLimits(limitPolicy(tuning), logger, limitsClient);
  devices.webReplicasPerUser = limits.policy.webReplicasPerUser;
  const sync = new SyncService(store, hub, devices, snapshots, metrics, logger, { limits });
  const pairing = new PairingService(store, {
    codeTtlMs: tuning.pairingCodeTtlMs,
    codesPerWindow: tuning.pairingCodesPerWindow,
    windowMs: tuning.pairingWindowMs,
  });
  const authConfig: AuthConfig =
    config.authMode === 'firebase'
      ? {
          mode: 'firebase',
          firebase: {
            apiKey: config.firebaseApiKey ?? 'demo-api-key',
            projectId: config.firebaseProjectId ?? '',
            ...(process.env.FIREBASE_AUTH_EMULATOR_HOST
              ? { authEmulatorUrl: `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}` }
              : {}),
          },
        }
      : { mode: 'local' };
  const services: Services = {
    config,
    origins,
    logger,
    store,
    hub,
    metrics,
    auth,
    sessions,
    localLogin,
    accounts,
    authConfig,
    sync,
    limits,
    devices,
    pairing,
    snapshots,
    exports: new ExportService(snapshots),
    shareLinks: new ShareLinkService(store, snapshots),
  };

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(services), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: 4 * LIMITS.maxPushBytes });
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  app.disable('x-powered-by');
  app.use(securityHeaders(authConfig, config.publicUrl));
  // No CORS headers at all: the dashboard is served by this server (same origin), so a browser
  // never needs them; requests from any other origin are refused outright (nothing runs).
  // Shutting down: every answer asks the client to close its connection, so a keep-alive client
  // stops sending on it (its pushes are refused with `unavailable` meanwhile, nothing stored).
  app.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (sync.isStopping) res.setHeader('connection', 'close');
    next();
  });
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const refused = origins.check(req.headers.origin, req.headers.host);
    if (!refused) return next();
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ ok: false, error: refused }));
  });
  let redisAdapter: RedisIoAdapter | null = null;
  if (config.redisUrl) {
    // loaded only when configured, like firebase-admin: less heap for the embedded default
    const { RedisIoAdapter } = await import('./gateways/redis-io.adapter.js');
    redisAdapter = new RedisIoAdapter(app, config.redisUrl, logger);
    await redisAdapter.connect();
    app.useWebSocketAdapter(redisAdapter);
  } else app.useWebSocketAdapter(new SyncIoAdapter(app));
  if (options.httpMiddleware) app.use(options.httpMiddleware);
  serveDashboard(app, config.dashboardDir, logger);

  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let loginUrl: string | null = null;
  let loginToken: string | null = null;
  // The printed link is for the first run and for recovery: once a passkey is registered people
  // sign in with it, and a link printed at every start would be a standing way in for whoever
  // reads the console or the logs.
  const passkeysInUse = localLogin !== null && (await store.getMeta(PASSKEYS_META_KEY)) === '1';
  if (localLogin && passkeysInUse) {
    logger.info({ url: config.publicUrl ?? url }, 'passkeys in use: no sign-in link printed');
    if (!options.quiet)
      process.stderr.write(
        `\nSign in to Unknot with your passkey at ${config.publicUrl ?? url}/\n  Lost it? In another terminal: npm run sign-in-link\n\n`,
      );
  } else if (localLogin) {
    const issued = await localLogin.issueLoginToken();
    loginToken = issued.token;
    loginUrl = `${config.publicUrl ?? url}/login#token=${issued.token}`;
    logger.info(
      { loginUrl, expiresAt: new Date(issued.expiresAt).toISOString() },
      'one-time login link (single use)',
    );
    if (!options.quiet)
      process.stderr.write(`\nSign in to Unknot (single use, valid 24 h):\n  ${loginUrl}\n\n`);
  }
  logger.info(
    { url, store: config.store, authMode: config.authMode, redis: Boolean(config.redisUrl) },
    'sync server listening',
  );

  // stored snapshots other rules checked (a new release) are checked now, not when a device asks
  void snapshots.startBackgroundCheck();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down');
      // 1. no new pushes on any transport (sockets and keep-alive HTTP): refused with
      //    `unavailable`, nothing stored; no new connections; idle keep-alive ones closed
      sync.stopAccepting();
      const http = app.getHttpServer() as import('node:http').Server;
      http.close();
      http.closeIdleConnections();
      // 2. every push already received is stored and acknowledged, and the acks are written out
      //    before a socket or connection closes
      await sync.drain();
      await new Promise((r) => setImmediate(r));
      await app.close();
      http.closeAllConnections();
      await devices.close();
      await snapshots.stopBackgroundCheck();
      snapshots.stopFolds();
      await snapshots.idle();
      await store.close();
      await redisAdapter?.disconnect();
      await limitsRedis?.quit().catch(() => undefined);
      if (firebaseApp) {
        const { deleteApp } = await import('firebase-admin/app');
        await deleteApp(firebaseApp);
      }
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, port: address.port, loginUrl, loginToken, passkeysInUse, services, close };
}

/** The configured store (the CLI opens it beside a running server: no checkpoint worker then). */
export async function openStore(
  config: ServerConfig,
  firebaseApp: App | null,
  options: { backgroundCheckpoint?: boolean } = {},
): Promise<Store> {
  if (config.store === 'firestore') {
    if (!firebaseApp) throw new Error('firestore store needs a Firebase app');
    const { FirestoreStore } = await import('./stores/firestore.store.js');
    return new FirestoreStore(firebaseApp);
  }
  ensureDataDir(config.dataDir);
  return new SqliteStore({
    file: join(config.dataDir, 'unknot.db'),
    synchronous: config.sqliteSynchronous,
    commitWindowMs: config.sqliteCommitWindowMs,
    commitMaxOps: config.sqliteCommitMaxOps,
    ...options,
  });
}

interface SpaRequest {
  method: string;
  path: string;
}
interface SpaResponse {
  sendFile(path: string): void;
}

/** Serves the built dashboard at / with an SPA fallback to index.html for client-side routes. */
function serveDashboard(app: NestExpressApplication, dir: string | undefined, logger: Logger): void {
  if (!dir) return;
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(root) || !statSync(root).isDirectory() || !existsSync(index)) {
    logger.warn({ dir: root }, 'DASHBOARD_DIR has no index.html; not serving the dashboard');
    return;
  }
  app.useStaticAssets(root, { index: 'index.html' });
  app.use((req: SpaRequest, res: SpaResponse, next: () => void) => {
    const apiPath = /^\/(v1|ws|healthz|readyz|metrics)(\/|$)/.test(req.path);
    if ((req.method === 'GET' || req.method === 'HEAD') && !apiPath && extname(req.path) === '') {
      res.sendFile(index);
      return;
    }
    next();
  });
}
