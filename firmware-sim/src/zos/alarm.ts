/** @zos/alarm. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export const ALARM_CONSTANTS = {
  REPEAT_ONCE: 0,
  REPEAT_MINUTE: 1,
  REPEAT_HOUR: 2,
  REPEAT_DAY: 3,
  REPEAT_WEEK: 4,
  REPEAT_MONTH: 5,
  REPEAT_YEAR: 6,
  WEEK_MON: 1,
  WEEK_TUE: 2,
  WEEK_WED: 4,
  WEEK_THU: 8,
  WEEK_FRI: 16,
  WEEK_SAT: 32,
  WEEK_SUN: 64,
} as const;

export function createAlarm(host: ZosHost) {
  const { api } = host;
  function set(option: {
    url: string;
    time?: number;
    delay?: number;
    param?: string;
    repeat_type?: number;
  }): number;
  function set(option: Record<string, unknown>): number {
    return api.alarms.set(option);
  }
  function cancel(option: { id: number }): number;
  function cancel(id: number): number;
  function cancel(o: number | { id: number }): number {
    return api.alarms.cancel(typeof o === 'number' ? o : o.id);
  }
  return { ...ALARM_CONSTANTS, set, cancel, getAllAlarms: () => api.alarms.list() };
}
