import { type NudgeResponse, recordNudgeResponse } from '@unknot/stretch-model';
import { loadIdentity } from '../identity.js';
import { utcOffsetMinutesAt } from '../platform/clock.js';
import { cachedSettings } from '../routines.js';
import { journal } from '../sync/journal.js';
import { loadNudgeMemory, saveNudgeMemory } from './nudge-memory.js';

/** The person answered a nudge on the nudge page: journal the event and fold it into the policy's history. */
export function answerNudge(response: NudgeResponse, now: number): { nudgeId: string | null } {
  const memory = loadNudgeMemory();
  const { reminders, plan } = cachedSettings();
  const nudgeId = memory.openNudgeId;
  if (nudgeId) {
    const deviceId = loadIdentity().deviceId;
    journal({
      type: 'nudge.event',
      payload: {
        id: `${nudgeId}-${response}`,
        nudgeId,
        deviceId,
        action: response,
        at: now,
        timeZone: plan.timeZone,
        utcOffsetMinutes: utcOffsetMinutesAt(now),
      },
    });
  }
  saveNudgeMemory({
    ...memory,
    history: recordNudgeResponse(memory.history, response, now, reminders),
    openNudgeId: null,
  });
  return { nudgeId };
}
