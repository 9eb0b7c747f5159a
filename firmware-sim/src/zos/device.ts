/** @zos/device. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createDevice(host: ZosHost) {
  const { device } = host.api;
  return {
    SCREEN_SHAPE_SQUARE: 0,
    SCREEN_SHAPE_ROUND: 1,
    getDeviceInfo() {
      return {
        width: device.width,
        height: device.height,
        screenShape: device.shape === 'r' ? 1 : 0,
        // The d.ts says number; devices return the model name.
        deviceName: device.name as unknown as number,
        keyNumber: device.keyNumber,
        deviceSource: device.source,
        keyType: 'normal',
        deviceColor: 0,
        uuid: `sim-${device.source}`,
      };
    },
    getDiskInfo() {
      return { total: 4e9, free: 2e9, app: 1e8, watchface: 1e8, music: 0, system: 1e9 };
    },
  };
}
