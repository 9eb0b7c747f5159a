/** @zos/ble. Follows `@zeppos/device-types` 4.0. */
import { type Callback, type ZosHost } from './host.js';

export function createBle(host: ZosHost) {
  const { api } = host;
  return {
    createConnect(callback: (index?: number, data?: object, size?: number) => void): void {
      host.bleReceiver = callback as Callback;
    },
    disConnect(): void {
      host.bleReceiver = undefined;
    },
    /** Returns true when the frame left the watch (ZML checks it although the d.ts says void). */
    send(data: object, size: number): boolean {
      const bytes = new Uint8Array(data as ArrayBuffer, 0, size);
      return api.ble.send(bytes);
    },
    connectStatus: (): boolean => api.ble.isUp(),
    addListener(callback: (status?: boolean) => void): void {
      host.bleStatusListener = callback as Callback;
    },
    removeListener(): void {
      host.bleStatusListener = undefined;
    },
  };
}
