import { getReminderSettings, type ReminderSettings } from '@unknot/stretch-model';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { watchReplica } from './sim-helpers.js';

/** Local wall time on the host's (= the sim's) zone, January 2025. */
export const local = (day: number, h: number, m = 0) => new Date(2025, 0, day, h, m).getTime();

export const NUDGE_SERVICE = 'app-service/nudge';
export const RUNNER = 'page/runner/index';

/** The reminder register as the watch's replica holds it. */
export function watchReminders(s: Sim): ReminderSettings {
  return getReminderSettings(watchReplica(s).state());
}

/** Taps a widget by its text; `index` picks among equal labels ("-" and "+" of each row). */
export async function tapNth(s: Sim, text: string, index: number): Promise<void> {
  const all = s.screen.findAllByText(text);
  const w = all[index];
  if (!w) throw new Error(`no ${index}th "${text}"; screen: ${JSON.stringify(s.screen.texts())}`);
  await s.tap(w);
}

/** The settings page's "-" / "+" rows, top to bottom. */
export const ROWS = { start: 0, end: 1, snooze: 2, reminder: 3 } as const;

/** Alarm firings in [from, to) for this url. */
export function alarmFires(s: Sim, url: string, from: number, to: number): number[] {
  return s.timeline.entries
    .filter(
      (e) => e.event === 'alarm.fire' && e.t >= from && e.t < to && (e as { url?: unknown }).url === url,
    )
    .map((e) => e.t);
}

/** The nudge service's booked wake-up (`alarmAt` of its memory), or null. */
export function nudgeWakeAt(s: Sim): number | null {
  const raw = s.system.localStorage.value['unknot.nudge.v1'];
  if (typeof raw !== 'string') return null;
  const m = JSON.parse(raw) as { alarmAt?: number | null; alarmId?: number };
  return m.alarmId && m.alarmId > 0 ? (m.alarmAt ?? null) : null;
}
