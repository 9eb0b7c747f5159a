/** @zos/user. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createUser(host: ZosHost) {
  return {
    GENDER_MALE: 0,
    GENDER_FEMALE: 1,
    GENDER_UNSPECIFIED: 2,
    getProfile: () => ({ ...host.api.system.profile }),
  };
}
