/** @zos/settings. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';
import { zeppLanguageNumber } from './languages.js';

export function createSettings(host: ZosHost) {
  return {
    DATE_FORMAT_YMD: 0,
    DATE_FORMAT_DMY: 1,
    DATE_FORMAT_MDY: 2,
    TIME_FORMAT_12: 0,
    TIME_FORMAT_24: 1,
    DISTANCE_UNIT_METRIC: 0,
    DISTANCE_UNIT_IMPERIAL: 1,
    getLanguage: () => zeppLanguageNumber(host.api.system.language),
    getTimeFormat: () => 1,
    getDateFormat: () => 0,
    getDistanceUnit: () => 0,
    getSystemInfo: () => ({ osVersion: '4.0', firmwareVersion: 'sim', minAPI: '3.0' }),
  };
}
