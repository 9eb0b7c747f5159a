import {
  AREA_SIDES,
  isSessionFinished,
  routineDurationSeconds,
  seeProfessional,
  sessionView,
  tipFor,
} from '@unknot/stretch-model';
import { t } from './i18n/t.js';
import {
  afterRunText,
  coreText,
  routineLengthText,
  routineName,
  safetyShort,
  sessionLengthText,
  tipLine,
  tipText,
} from './i18n/core-text.js';
import { recentSessions } from './history/history.js';
import { loadIdentity } from './identity.js';
import { answerNudge } from './nudge/nudge-answer.js';
import { runNudgeServiceNow } from './nudge/nudge-schedule.js';
import {
  availableRoutines,
  cachedSettings,
  findRoutine,
  plannedRoutine,
  quickBreakRoutine,
} from './routines.js';
import { applyEvent, ensureRecorded, isRunning, loadSession, newSession } from './session/session-store.js';
import { recordWhere } from './session/where-note.js';
import { removedAboutText } from './sync/removed-text.js';
import { currentReminderSettings, editReminderSettings } from './settings/settings-store.js';
import { loadSyncStatus } from './sync/sync-status.js';
import { todayOverview } from './today.js';
import { textFit } from './ui/text-fit.js';
import { syncAndApply } from './ui/sync-after-change.js';

/**
 * Everything pages need from `@unknot/stretch-model` and the storage-backed stores, bundled ONCE
 * into app.js and handed to pages through `getApp()._options.globalData.core` (see `core.ts`).
 * On the watch app.js and every page share one JS runtime, so pages that reach the engine, the
 * catalog, the replica and the sync core through this object do not each carry a copy of them.
 * Pages import only the `Core` type from here; a value import would pull the code back in.
 */
export const core = {
  // session engine, through the persisted session store
  loadSession,
  applyEvent,
  ensureRecorded,
  isRunning,
  isSessionFinished,
  newSession,
  sessionView,
  // the summary's "Where?" step: the sides of each area, and the note it records
  AREA_SIDES,
  recordWhere,
  // catalog and routines
  tipFor,
  routineDurationSeconds,
  availableRoutines,
  findRoutine,
  plannedRoutine,
  quickBreakRoutine,
  cachedSettings,
  // adherence, identity, sync
  todayOverview,
  seeProfessional,
  loadIdentity,
  loadSyncStatus,
  /** What About says once the watch was removed from the account. */
  removedAboutText,
  syncAndApply,
  // nudges
  answerNudge,
  runNudgeServiceNow,
  // the watch's words (`lib/i18n/t.ts`: getText + placeholders + plurals), and the core's words
  // in the watch's language (`lib/i18n/core-text.ts`, read from the .po by the core's keys)
  t,
  coreText,
  tipLine,
  tipText,
  routineLengthText,
  sessionLengthText,
  afterRunText,
  routineName,
  safetyShort,
  // the watch settings page and the History page (work with no account and no server)
  currentReminderSettings,
  editReminderSettings,
  recentSessions,
  /** Text measuring and fitting for every page's labels (`lib/ui/text-fit.ts`). */
  textFit,
};

export type Core = typeof core;
