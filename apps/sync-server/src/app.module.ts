import { type DynamicModule, Module } from '@nestjs/common';
import { AccountController } from './controllers/account.controller.js';
import { AuthController } from './controllers/auth.controller.js';
import { DevicesController } from './controllers/devices.controller.js';
import { ExportController } from './controllers/export.controller.js';
import { ShareLinksController } from './controllers/share-links.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { SyncController } from './controllers/sync.controller.js';
import { SyncGateway } from './gateways/sync.gateway.js';
import type { Services } from './services/services.js';
import { SERVICES } from './tokens.js';

/**
 * The Nest shell: controllers and the gateway are thin adapters; the services are plain classes
 * built in `server.ts` and handed in as one value, so they are testable without Nest.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a decorated class by definition
export class AppModule {
  static forRoot(services: Services): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        AuthController,
        AccountController,
        DevicesController,
        SyncController,
        ExportController,
        ShareLinksController,
      ],
      providers: [{ provide: SERVICES, useValue: services }, SyncGateway],
    };
  }
}
