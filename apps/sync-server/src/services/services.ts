import type { AuthConfig } from '@unknot/stretch-model';
import type { AccountService } from '../auth/account.service.js';
import type { AuthService } from '../auth/auth.service.js';
import type { LocalLoginService } from '../auth/local-login.service.js';
import type { SessionService } from '../auth/session.service.js';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { OriginPolicy } from '../origin-policy.js';
import type { Store } from '../stores/store.js';
import type { DeviceService } from './device.service.js';
import type { ExportService } from './export.service.js';
import type { MetricsService } from './metrics.service.js';
import type { PairingService } from './pairing.service.js';
import type { RequestLimits } from './request-limits.js';
import type { ShareLinkService } from './share-link.service.js';
import type { SnapshotService } from './snapshot.service.js';
import type { SocketHub } from './socket-hub.js';
import type { SyncService } from './sync.service.js';

/** The object graph the adapters (controllers, gateway) call into; built once per server in `server.ts`. */
export interface Services {
  config: ServerConfig;
  /** which browser origins may call (HTTP middleware and socket.io handshake) */
  origins: OriginPolicy;
  logger: Logger;
  store: Store;
  hub: SocketHub;
  metrics: MetricsService;
  auth: AuthService;
  sessions: SessionService;
  localLogin: LocalLoginService | null;
  /** the account page, invitations and (AUTH_MODE=local) passkeys */
  accounts: AccountService;
  authConfig: AuthConfig;
  sync: SyncService;
  /** push/pull rate limits, web replica and socket caps (one policy) */
  limits: RequestLimits;
  devices: DeviceService;
  pairing: PairingService;
  snapshots: SnapshotService;
  exports: ExportService;
  /** report share links (make, list, revoke; the public report route) */
  shareLinks: ShareLinkService;
}
