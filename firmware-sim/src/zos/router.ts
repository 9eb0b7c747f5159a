/** @zos/router. Follows `@zeppos/device-types` 4.0. */
import { paramString, type ZosHost } from './host.js';

export function createRouter(host: ZosHost) {
  const { api } = host;
  const opt = (o: { url: string; params?: string | object }) => [o.url, paramString(o.params)] as const;
  return {
    push: (o: { url: string; params?: string | object }) => api.push(...opt(o)),
    replace: (o: { url: string; params?: string | object }) => api.replace(...opt(o)),
    back: () => api.back(),
    exit: () => api.exitApp(),
    home: () => api.home(),
  };
}
