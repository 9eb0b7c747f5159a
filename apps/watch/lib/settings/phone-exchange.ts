import { readJson, writeJson } from '../platform/storage.js';
import { getLogger } from '../platform/log.js';
import type { RelayRequest } from '../sync/watch-sync.js';
import { applyReminderPatch, reminderPatchDecision } from '@unknot/stretch-model';
import { isStampedPatch, REMINDERS_METHOD, type RemindersRequest } from './phone-reminders.js';
import { currentReminderSettings, reminderWrittenAt, saveReminderSettings } from './settings-store.js';

/** The newest phone edit taken (its `at`), so a repeated answer is not applied twice. */
const APPLIED_KEY = 'unknot.phone-edit.v1';

const EXCHANGE_TIMEOUT_MS = 15_000;

function appliedEditAt(): number {
  const v = readJson(APPLIED_KEY);
  return typeof v === 'number' ? v : 0;
}

function ask(request: RelayRequest, params: RemindersRequest): Promise<unknown> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    };
    // ZML may not settle a request whose frame was lost; an unanswered exchange is simply skipped.
    const timer = setTimeout(() => finish(null), EXCHANGE_TIMEOUT_MS + 2_000);
    try {
      request({ method: REMINDERS_METHOD, params: { ...params } }, { timeout: EXCHANGE_TIMEOUT_MS }).then(
        finish,
        () => finish(null),
      );
    } catch {
      finish(null);
    }
  });
}

export type PhoneExchange = 'applied' | 'unchanged' | 'refused' | 'noAnswer';

/**
 * Tells the phone the watch's reminder settings and takes a change made on the phone's settings
 * page, if there is one (see `phone-reminders.ts`). Works unpaired: the phone only relays.
 * A phone edit older than the register's latest write (a later change on the watch or the
 * dashboard) is dropped, as last write wins.
 */
export async function exchangeRemindersWithPhone(request: RelayRequest, now: number): Promise<PhoneExchange> {
  const applied = appliedEditAt();
  const answer = (await ask(request, { reminders: currentReminderSettings(), appliedEditAt: applied })) as {
    edit?: unknown;
  } | null;
  if (!answer || typeof answer !== 'object') return 'noAnswer';
  const edit = answer.edit;
  if (!isStampedPatch(edit)) return 'unchanged';
  const decision = reminderPatchDecision(edit.at, applied, reminderWrittenAt());
  if (decision === 'taken') return 'unchanged';
  writeJson(APPLIED_KEY, edit.at);
  let outcome: PhoneExchange = 'refused';
  if (decision === 'take') {
    // The fields changed on the phone, on the watch's settings of now (a dashboard change of
    // another field that arrived meanwhile stays).
    const saved = saveReminderSettings(applyReminderPatch(currentReminderSettings(), edit.patch), now);
    outcome = saved.ok ? 'applied' : 'refused';
    if (!saved.ok)
      getLogger('phone-settings').warn(`phone edit refused: ${saved.problem?.key ?? 'not recorded'}`);
  }
  // Report back at once: the phone drops the edit and its page shows what the watch now has.
  await ask(request, { reminders: currentReminderSettings(), appliedEditAt: edit.at });
  return outcome;
}
