import { nowMs } from '../platform/clock.js';
import { applyNudgeSettings } from '../nudge/nudge-schedule.js';
import { ensureRoutineReminder } from '../reminder/routine-alarm.js';
import { exchangeRemindersWithPhone } from '../settings/phone-exchange.js';
import { syncedSettings } from '../sync/replica-store.js';
import { type RelayRequest, syncWithPhone, type WatchSyncOutcome } from '../sync/watch-sync.js';

/** Whether this app run has asked the phone for a settings change yet (module state lives per run). */
let askedPhoneThisRun = false;

/**
 * Syncs and, when the reminder settings changed remotely (dashboard edit), re-runs the nudge
 * service so its next wake-up follows the new settings at once, and re-books (or cancels) the
 * daily routine reminder's alarm for the new time, days or off switch.
 *
 * From home (`takePhoneSettings`), once per app run (and on a forced round), after a round the
 * phone answered (so the phone is told the settings as they are now), it takes a change made on
 * the phone's settings page, paired or not; a change taken while paired is sent at once.
 */
export async function syncAndApply(
  request: RelayRequest,
  options: { force?: boolean; takePhoneSettings?: boolean } = {},
): Promise<WatchSyncOutcome> {
  const before = JSON.stringify(syncedSettings().reminders);
  let outcome = await syncWithPhone(request, options);
  if (outcome.ok) {
    const after = syncedSettings().reminders;
    if (JSON.stringify(after) !== before) applyNudgeSettings(after, nowMs());
    ensureRoutineReminder(nowMs());
  }
  // Only when the phone just answered (a lost BLE frame would cost this round another timeout);
  // an exchange that got no answer is tried again after the next round.
  const phoneAnswered =
    outcome.ok ||
    outcome.reason === 'notPaired' ||
    (outcome.reason === 'failed' && outcome.status.linkFailures === 0);
  if (options.takePhoneSettings && (!askedPhoneThisRun || options.force) && phoneAnswered) {
    const taken = await exchangeRemindersWithPhone(request, nowMs());
    askedPhoneThisRun = taken !== 'noAnswer';
    if (taken === 'applied' && outcome.ok) outcome = await syncWithPhone(request, { force: true });
  }
  return outcome;
}
