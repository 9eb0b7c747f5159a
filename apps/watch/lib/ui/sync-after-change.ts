import { nowMs } from '../platform/clock.js';
import { runNudgeServiceNow } from '../nudge/nudge-schedule.js';
import { ensureRoutineReminder } from '../reminder/routine-alarm.js';
import { syncedSettings } from '../sync/replica-store.js';
import { type RelayRequest, syncWithPhone, type WatchSyncOutcome } from '../sync/watch-sync.js';

/**
 * Syncs and, when the reminder settings changed remotely (dashboard edit), re-runs the nudge
 * service so its next wake-up follows the new settings at once, and re-books (or cancels) the
 * daily routine reminder's alarm for the new time, days or off switch.
 */
export async function syncAndApply(
  request: RelayRequest,
  options: { force?: boolean } = {},
): Promise<WatchSyncOutcome> {
  const before = JSON.stringify(syncedSettings().reminders);
  const outcome = await syncWithPhone(request, options);
  if (outcome.ok && JSON.stringify(syncedSettings().reminders) !== before) runNudgeServiceNow(nowMs());
  if (outcome.ok) ensureRoutineReminder(nowMs());
  return outcome;
}
