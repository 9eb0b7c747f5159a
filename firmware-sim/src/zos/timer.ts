/** @zos/timer: createSysTimer/stopTimer (API 4.0) and the setTimeout ZML asks for. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createTimer(host: ZosHost) {
  const { api } = host;
  const sys = new Map<number, number>();
  let nextSys = 1;
  return {
    createSysTimer(
      periodic: boolean,
      period: number,
      callback: (arg?: unknown) => void,
      arg?: unknown,
    ): number {
      const handle = nextSys++;
      const arm = () => {
        const id = api.schedule(
          Math.max(1, period),
          () => {
            if (!sys.has(handle)) return;
            if (periodic) arm();
            else sys.delete(handle);
            callback(arg);
          },
          'sysTimer',
        );
        sys.set(handle, id);
      };
      arm();
      return handle;
    },
    stopTimer(timerId: number): void {
      const id = sys.get(timerId);
      if (id !== undefined) api.cancel(id);
      sys.delete(timerId);
    },
    // ZML asks the runtime for these (untyped in device-types 4.0).
    setTimeout: (fn: () => void, ms?: number) => api.schedule(Number(ms) || 0, fn, 'setTimeout'),
    clearTimeout: (id: number) => api.cancel(id),
  };
}
