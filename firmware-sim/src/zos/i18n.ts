/** @zos/i18n. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createI18n(host: ZosHost) {
  return { getText: (key: string) => host.api.i18n(key) };
}
