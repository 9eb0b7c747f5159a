/** @zos/notification. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createNotification(host: ZosHost) {
  const { api } = host;
  const sys = api.system;
  return {
    notify(option: {
      title: string;
      content: string;
      actions: Array<{ text: string; file: string; param?: string }>;
      vibrate?: number;
    }): number {
      const id = sys.nextNotificationId++;
      const entry = {
        id,
        t: api.now(),
        title: String(option.title ?? ''),
        content: String(option.content ?? ''),
        actions: (option.actions ?? []).map((a) => ({ text: a.text, file: a.file, param: a.param })),
        vibrate: option.vibrate,
        cancelled: false,
      };
      sys.notifications.push(entry);
      if (option.vibrate !== undefined && option.vibrate !== 0) {
        sys.vibrations.push({
          t: api.now(),
          kind: 'notification',
          mode: option.vibrate,
          process: host.owner,
        });
      }
      api.event('notify', { id, title: entry.title, content: entry.content });
      return id;
    },
    cancel(alarmId: number | Array<number>): void {
      const ids = Array.isArray(alarmId) ? alarmId : [alarmId];
      for (const n of sys.notifications) if (ids.includes(n.id)) n.cancelled = true;
    },
    getAllNotifications: () => sys.notifications.filter((n) => !n.cancelled).map((n) => n.id),
  };
}
