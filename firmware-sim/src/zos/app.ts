/** @zos/app (and the app/page messages ZML uses). Follows `@zeppos/device-types` 4.0. */
import { type Callback, type ZosHost } from './host.js';

export function createApp(host: ZosHost) {
  const { api } = host;
  return {
    SCENE_APP: 1,
    SCENE_WATCHFACE: 2,
    SCENE_SETTINGS: 4,
    SCENE_AOD: 8,
    getPackageInfo: (): object => ({ ...api.app, appId: api.app.appId, name: api.app.appName }),
    getScene: () => 1,
    queryPermission: (option: { permissions: string[] }) => option.permissions.map(() => 2),
    requestPermission: (option: { permissions: string[]; callback: (result: number[]) => void }) => {
      option.callback(option.permissions.map(() => 2));
      return 0;
    },
    // Used by ZML between app and page (not in the 4.0 typings). Delivery is synchronous.
    onMessage(key: string, fn: Callback): void {
      const l = host.messageHandlers.get(key) ?? [];
      l.push(fn);
      host.messageHandlers.set(key, l);
    },
    offMessage(key: string, fn?: Callback): void {
      if (!fn) host.messageHandlers.delete(key);
      else
        host.messageHandlers.set(
          key,
          (host.messageHandlers.get(key) ?? []).filter((f) => f !== fn),
        );
    },
    postMessage(key: string, ...args: unknown[]): void {
      for (const fn of [...(host.messageHandlers.get(key) ?? [])]) fn(key, ...args);
    },
  };
}
