/** @zos/app-service. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createAppService(host: ZosHost) {
  const { api } = host;
  type Done = (r: { file: string; result: boolean }) => void;
  return {
    start(option: { file?: string; url?: string; param?: string; complete_func?: Done }): boolean {
      const file = option.file ?? option.url ?? '';
      const result = api.startService(file, option.param);
      option.complete_func?.({ file, result });
      return result;
    },
    stop(option: { file?: string; url?: string; complete_func?: Done }): boolean {
      const file = option.file ?? option.url ?? '';
      const result = api.stopService(file);
      option.complete_func?.({ file, result });
      return result;
    },
    getAllAppServices: () => api.runningServices(),
    exit: () => api.exitService(),
  };
}
