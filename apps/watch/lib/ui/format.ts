import { utcOffsetMinutesAt } from '../platform/clock.js';
import type { SyncStatus } from '../sync/watch-sync.js';

export function clockTime(epochMs: number): string {
  const local = new Date(epochMs + utcOffsetMinutesAt(epochMs) * 60_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm}`;
}

/** One line for home: is everything on the server, and when did it last get there? */
export function syncLine(status: SyncStatus, pending: number, now: number): string {
  if (status.paired === false) return pending > 0 ? `Not paired, ${pending} to send` : 'Not paired yet';
  const waiting = pending > 0 ? `${pending} to send` : 'all sent';
  if (status.lastSuccessAt === null) return pending > 0 ? `Offline, ${waiting}` : 'Not synced yet';
  const when = now - status.lastSuccessAt < 86_400_000 ? clockTime(status.lastSuccessAt) : 'days ago';
  return status.failures > 0 ? `Offline, ${waiting}` : `Synced ${when}, ${waiting}`;
}
