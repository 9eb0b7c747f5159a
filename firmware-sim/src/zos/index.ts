/** All `@zos/*` modules of one watch process, keyed by the name `__$$R$$__` receives. */
import { API_LEVELS, compareApiLevels } from './api-levels.js';
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
  return withoutNewerMembers(allModules(host), host.api.apiLevel);
}

/**
 * Removes what the device's firmware does not have yet: a module member, a constant table entry
 * (`widget.TEXT`) or a class method (`Vibrator#getType`) whose documented API level is above the
 * device's. Calling one then fails as on the watch (`not a function`). Checks that depend on the
 * arguments (`Vibrator#start(actions)`) and widget handle members are made where they are used.
 */
function withoutNewerMembers(modules: Record<string, unknown>, level: string): Record<string, unknown> {
  const table: Record<string, Record<string, string>> = API_LEVELS;
  for (const [name, mod] of Object.entries(modules)) {
    const levels = table[name];
    if (!levels || !mod || typeof mod !== 'object') continue;
    const m = mod as Record<string, unknown>;
    for (const [member, since] of Object.entries(levels)) {
      if (compareApiLevels(level, since) >= 0) continue;
      if (member.includes('(') || member.startsWith('Widget#')) continue;
      const hash = member.indexOf('#');
      const dot = member.indexOf('.');
      if (hash > 0) {
        const cls = m[member.slice(0, hash)];
        if (typeof cls === 'function')
          delete (cls.prototype as Record<string, unknown>)[member.slice(hash + 1)];
      } else if (dot > 0) {
        const group = m[member.slice(0, dot)];
        if (group && typeof group === 'object')
          delete (group as Record<string, unknown>)[member.slice(dot + 1)];
      } else {
        delete m[member];
      }
    }
  }
  return modules;
}

function allModules(host: ZosHost): Record<string, unknown> {
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
