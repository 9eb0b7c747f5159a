/** All `@zos/*` modules of one watch process, keyed by the name `__$$R$$__` receives. */
import type { ZosHost } from './host.js';
import {
  createAlarm,
  createApp,
  createAppService,
  createBle,
  createDevice,
  createDisplay,
  createI18n,
  createInteraction,
  createNotification,
  createRouter,
  createSensor,
  createSettings,
  createStorage,
  createTimer,
  createUser,
  createUtils,
} from './modules.js';
import { createUiModule } from './ui.js';

export function createZosModules(host: ZosHost): Record<string, unknown> {
  return {
    '@zos/ui': createUiModule(host),
    '@zos/router': createRouter(host),
    '@zos/storage': createStorage(host),
    '@zos/timer': createTimer(host),
    '@zos/alarm': createAlarm(host),
    '@zos/app-service': createAppService(host),
    '@zos/sensor': createSensor(host),
    '@zos/notification': createNotification(host),
    '@zos/display': createDisplay(host),
    '@zos/interaction': createInteraction(host),
    '@zos/device': createDevice(host),
    '@zos/app': createApp(host),
    '@zos/ble': createBle(host),
    // ZML probes for file transfer; the sim does not implement it.
    '@zos/ble/TransferFile': undefined,
    '@zos/i18n': createI18n(host),
    '@zos/utils': createUtils(host),
    '@zos/user': createUser(host),
    '@zos/settings': createSettings(host),
  };
}
