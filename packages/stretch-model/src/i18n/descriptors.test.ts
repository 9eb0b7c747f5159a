/**
 * Every core text that has a descriptor says, in English, exactly what its English text says, so
 * a shell can switch to descriptors without changing a word for English readers; and the data
 * tables (catalog, safety, tips, routines, advice, reminder problems) match the English table.
 */
import { describe, expect, it } from 'vitest';
import { firstRunSettings } from '../adherence/first-run.js';
import {
  checkDisplayName,
  checkPasskeyName,
  defaultPasskeyName,
  defaultPasskeyNameMessage,
  invitationExpiryMessage,
  invitationExpiryText,
} from '../accounts/index.js';
import {
  afterRunNote,
  afterRunNoteMessage,
  PROFESSIONAL_ADVICE_MESSAGES,
} from '../adherence/see-professional.js';
import { SAFETY } from '../catalog/safety.js';
import { CATALOG } from '../catalog/stretches.js';
import { TIPS } from '../catalog/tips.js';
import {
  agoMessage,
  agoText,
  checkDeviceName,
  lastContactMessage,
  lastContactText,
  pendingOpsMessage,
  pendingOpsText,
} from '../devices/index.js';
import { REMINDER_PROBLEM_MESSAGES, reminderSettingsProblems } from '../records/reminder-problems.js';
import type { Routine } from '../records/routine.js';
import { DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import { validatePlanSettings, validateReminderSettings } from '../records/settings-validation.js';
import { routineAdvisories } from '../routines/advisories.js';
import { BUILTIN_ROUTINES } from '../routines/builtin.js';
import {
  describeDuration,
  describeDurationMessage,
  sessionDurationMessage,
  sessionDurationText,
} from '../routines/duration.js';
import { routineRemoval } from '../routines/manage.js';
import { validateRoutine } from '../routines/validate.js';
import { CUE_TYPES, cueMessage, cueText } from '../session/cues.js';
import {
  checkReportRange,
  checkShareLinkDays,
  reportDate,
  reportDateMessage,
} from '../report/therapist-report.js';
import {
  noteAreaText,
  noteAreasText,
  type SessionNoteDraft,
  validateSessionNote,
} from '../sync/session-notes.js';
import { builtinRoutineNameKey } from './keys.js';
import { noteAreaMessage, noteAreaMessages, sessionNoteErrorMessage } from './notes.js';
import { EN_US } from './locales/en-US.js';
import { localizedCatalog, localizedSafety, localizedTips, renderMessage } from './messages.js';
import type { CoreMessage, CoreMessageKey } from './types.js';

const en = (m: CoreMessage | null | undefined) => (m ? renderMessage('en-US', m) : null);

describe('the English table is the English data', () => {
  it('catalog, safety and tips', () => {
    expect(localizedCatalog('en-US')).toEqual(CATALOG);
    expect(localizedSafety('en-US')).toEqual(SAFETY);
    expect(localizedTips('en-US')).toEqual(TIPS);
  });
  it('built-in routine names, advice and reminder problems', () => {
    for (const r of BUILTIN_ROUTINES) {
      const key = builtinRoutineNameKey(r.id);
      expect(key && EN_US[key]).toBe(r.name);
    }
    expect(builtinRoutineNameKey('custom-abc')).toBeNull();
    for (const [reason, text] of Object.entries(PROFESSIONAL_ADVICE_MESSAGES))
      expect(EN_US[`advice.seeProfessional.${reason}` as CoreMessageKey]).toBe(text);
    for (const [code, text] of Object.entries(REMINDER_PROBLEM_MESSAGES))
      expect(EN_US[`reminder.problem.${code}` as CoreMessageKey]).toBe(text);
  });
});

const routine: Routine = {
  id: 'mine',
  name: 'Mine',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items: [
    { stretchId: 'upper-back', holdSeconds: 30, reps: null, enabled: true },
    { stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true },
  ],
};
const item = (i: number, patch: object) => ({
  ...routine,
  items: routine.items.map((x, j) => (j === i ? { ...x, ...patch } : x)),
});

describe('descriptors say what the English text says', () => {
  it('routine errors, for every kind of mistake', () => {
    const inputs: unknown[] = [
      item(0, { holdSeconds: 9 }),
      item(0, { holdSeconds: 61 }),
      item(0, { holdSeconds: 7200 }),
      item(0, { holdSeconds: 20.5 }),
      item(0, { holdSeconds: null }),
      item(0, { reps: 8 }),
      item(1, { reps: 3 }),
      item(1, { reps: 8.5 }),
      item(1, { reps: null }),
      item(1, { holdSeconds: 30 }),
      item(1, { stretchId: 'no-such' }),
      { ...routine, restSeconds: 61 },
      { ...routine, name: '   ' },
      { ...routine, name: 'x'.repeat(81) },
      { ...routine, items: [] },
      { ...routine, items: [routine.items[0], routine.items[1], routine.items[0]] },
      { ...routine, items: routine.items.map((x) => ({ ...x, enabled: false })) },
      { ...routine, items: Array.from({ length: 40 }, () => routine.items[0]), allowRepeats: true },
      { ...routine, id: 'Bad Id' },
    ];
    const seen = new Set<string>();
    for (const input of inputs) {
      const r = validateRoutine(input);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      for (const e of r.errors) {
        seen.add(e.code);
        expect(en(e.i18n), e.code).toBe(e.message);
      }
    }
    // every code but none is covered
    expect([...seen].sort()).toEqual(
      [
        'blankName',
        'duplicateStretch',
        'holdOutOfRange',
        'invalidShape',
        'missingTarget',
        'nameTooLong',
        'noStretches',
        'notWholeNumber',
        'repsOutOfRange',
        'restOutOfRange',
        'tooManyStretches',
        'unknownStretch',
        'wrongKind',
      ].sort(),
    );
  });

  it('advisories, in German too', () => {
    const advice = routineAdvisories(item(0, { holdSeconds: 15 }));
    const more = routineAdvisories({
      items: [
        { stretchId: 'wall-lat', holdSeconds: 45, reps: null, enabled: true },
        { stretchId: 'cat-cow', holdSeconds: null, reps: 6, enabled: true },
        { stretchId: 'cat-cow', holdSeconds: null, reps: 12, enabled: true },
      ],
    });
    const all = [...advice, ...more];
    expect(all.map((a) => a.code)).toEqual([
      'holdOutsideGuide',
      'holdOutsideGuide',
      'repsOutsideGuide',
      'repsOutsideGuide',
    ]);
    for (const a of all) expect(en(a.i18n)).toBe(a.message);
    expect(renderMessage('de-DE', advice[0]?.i18n as CoreMessage)).toBe(
      'Dehnung oberer Rücken: 15 s ist kürzer als die 20-30 Sekunden, die die Anleitung vorschlägt. Das ist in Ordnung, während du dich steigerst.',
    );
  });

  it('reminder and settings problems', () => {
    const problems = reminderSettingsProblems(
      {
        ...DEFAULT_REMINDER_SETTINGS,
        activeHours: { startMinute: 600, endMinute: 600 },
        activeDays: [],
        quietPeriods: [{ startMinute: 780, endMinute: 720 }],
        routineReminder: { enabled: true, minute: 480 },
      },
      { plannedDays: [] },
    );
    expect(problems.length).toBe(4);
    for (const p of problems) expect(en(p.i18n)).toBe(p.message);
    const shape = validateReminderSettings({
      ...DEFAULT_REMINDER_SETTINGS,
      stillThresholdMinutes: 1,
      movingStepsPerMinute: 0,
      snoozeMinutes: 0,
      dailyCap: 0,
      activeDays: [1, 1],
      activeHours: { startMinute: -5, endMinute: 600 },
      routineReminder: { enabled: true, minute: 9999 },
    });
    expect(shape.ok).toBe(false);
    if (!shape.ok)
      for (const e of shape.errors) if (e.code !== 'invalidShape') expect(en(e.i18n), e.path).toBe(e.message);
    const plan = validatePlanSettings({ routineId: 'full-back', days: [1, 1], timeZone: 'UTC' });
    if (!plan.ok) for (const e of plan.errors) expect(en(e.i18n)).toBe(e.message);
  });

  it('names of devices, people and passkeys', () => {
    for (const input of ['', 'a\nb', 'y'.repeat(41)]) {
      const d = checkDeviceName(input);
      const p = checkDisplayName(input);
      const k = checkPasskeyName(input);
      for (const r of [d, p, k]) if (!r.ok) expect(en(r.i18n)).toBe(r.message);
    }
    for (const ua of [
      'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0',
      'Mozilla/5.0 (Macintosh; Mac OS X 14) Safari/605.1',
      'Firefox/120.0',
      'curl/8',
    ])
      expect(en(defaultPasskeyNameMessage(ua))).toBe(defaultPasskeyName(ua));
  });

  it('durations, contact times, waiting changes and invitations', () => {
    for (const s of [0, 30, 59, 60, 89, 90, 599, 3570, 3600, 3900, 7200, 7260, Number.NaN])
      expect(en(describeDurationMessage(s)), String(s)).toBe(describeDuration(s));
    for (const ms of [0, 4000, 59_499, 59_500, 90_000, 3_570_000, 3_600_000, 3_900_000, -5])
      expect(en(sessionDurationMessage(ms)), String(ms)).toBe(sessionDurationText(ms));
    const now = 10 * 86_400_000;
    for (const ago of [0, 59_999, 60_000, 120_000, 3_600_000, 7_200_000, 86_400_000, 3 * 86_400_000, -1000]) {
      expect(en(agoMessage(now - ago, now))).toBe(agoText(now - ago, now));
      expect(en(lastContactMessage(now - ago, now))).toBe(lastContactText(now - ago, now));
      expect(en(invitationExpiryMessage(now + ago, now))).toBe(invitationExpiryText(now + ago, now));
    }
    expect(en(lastContactMessage(null, now))).toBe(lastContactText(null, now));
    for (const kind of ['watch', 'phone', 'sim', 'web'] as const)
      for (const n of [null, 0, 1, 2])
        for (const here of [false, true])
          expect(en(pendingOpsMessage(n, kind, here))).toBe(pendingOpsText(n, kind, here));
  });

  it('cues, for every type, stretch and side', () => {
    for (const type of CUE_TYPES)
      for (const stretch of [null, ...CATALOG.map((s) => s.id)])
        for (const side of ['none', 'left', 'right'] as const) {
          const subject = { stretchId: stretch, side, seconds: 25 };
          expect(en(cueMessage(type, subject)), `${type} ${stretch} ${side}`).toBe(cueText(type, subject));
        }
  });

  it('the after-run note, report inputs and dates', () => {
    const flag = {
      flag: true,
      reason: 'risingPain' as const,
      message: PROFESSIONAL_ADVICE_MESSAGES.risingPain,
      i18n: { key: 'advice.seeProfessional.risingPain' } as CoreMessage,
      details: {} as never,
    };
    const calm = { ...flag, flag: false, reason: null, message: null, i18n: null };
    const single: CoreMessage = { key: 'safety.afterPainfulRun.short' };
    expect(en(afterRunNoteMessage(flag, single))).toBe(afterRunNote(flag, SAFETY.afterPainfulRun.short));
    expect(en(afterRunNoteMessage(calm, single))).toBe(afterRunNote(calm, SAFETY.afterPainfulRun.short));
    expect(afterRunNoteMessage(calm, null)).toBeNull();
    for (const [from, to] of [
      ['2026-02-30', '2026-03-01'],
      ['2026-03-01', 'x'],
      ['2026-03-02', '2026-03-01'],
      ['2026-01-01', '2027-01-02'],
    ]) {
      const r = checkReportRange(from, to);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(en(r.error.i18n)).toBe(r.error.message);
    }
    const days = checkShareLinkDays(0);
    if (!days.ok) expect(en(days.error.i18n)).toBe(days.error.message);
    const removal = routineRemoval('full-back', { planRoutineId: 'x', edited: false });
    if (!removal.ok) expect(en(removal.i18n)).toBe(removal.message);
    for (const d of ['2026-01-05', '2026-11-02', '2027-12-31'] as const)
      expect(en(reportDateMessage(d))).toBe(reportDate(d));
    expect(renderMessage('de-DE', reportDateMessage('2026-03-07'))).toBe('7. März 2026');
    expect(renderMessage('es-ES', reportDateMessage('2026-03-07'))).toBe('7 mar 2026');
  });
});

describe('session notes', () => {
  it('area words and editor problems say what the English texts say', () => {
    const picks = [
      { area: 'shoulder', side: 'both' },
      { area: 'upperBack', side: 'center' },
      { area: 'lowerBack', side: 'left' },
    ] as const;
    for (const p of picks) expect(en(noteAreaMessage(p))).toBe(noteAreaText(p));
    expect(
      noteAreaMessages(picks)
        .map((m) => en(m))
        .join(EN_US['note.listSeparator']),
    ).toBe(noteAreasText(picks));
    const drafts: SessionNoteDraft[] = [
      { sessionId: 'no such id', note: 'x'.repeat(281), areas: [] },
      { sessionId: 'watch-1:1', note: 'bell\u0007', areas: [{ area: 'knee', side: 'left' }] },
      {
        sessionId: 'watch-1:1',
        note: 'ok',
        areas: [
          { area: 'shoulder', side: 'center' },
          { area: 'chest', side: 'left' },
          { area: 'chest', side: 'right' },
          { area: 'midBack', side: 'top' },
        ],
      },
    ];
    const codes = new Set<string>();
    for (const draft of drafts) {
      const r = validateSessionNote(draft);
      expect(r.ok).toBe(false);
      if (!r.ok)
        for (const e of r.errors) {
          codes.add(e.code);
          expect(en(sessionNoteErrorMessage(e, draft)), e.code).toBe(e.message);
        }
    }
    expect(codes.size).toBe(6);
    const shoulder = validateSessionNote(drafts[2] as SessionNoteDraft);
    if (!shoulder.ok) {
      const draft = drafts[2] as SessionNoteDraft;
      expect(renderMessage('de-DE', sessionNoteErrorMessage(shoulder.errors[0] as never, draft))).toBe(
        'Wähle für die Schulter: links, rechts oder beide Seiten.',
      );
      expect(renderMessage('zh-CN', sessionNoteErrorMessage(shoulder.errors[0] as never, draft))).toBe(
        '肩部请选择左侧、右侧或两侧。',
      );
    }
  });
});

describe('first run', () => {
  it('every problem, its own or a reminder window one, says what the English text says', () => {
    const r = firstRunSettings(
      {
        timeZone: 'Not/AZone here',
        days: [],
        routineId: 'nope',
        reminderWindow: { startMinute: 600, endMinute: 540 },
        overnight: false,
      },
      DEFAULT_REMINDER_SETTINGS,
      '2026-11-02',
      ['full-back'],
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'timeZone',
      'days',
      'routineId',
      'reminders.activeHours.endMinute',
    ]);
    for (const p of r.problems) expect(en(p.i18n), p.path).toBe(p.message);
    expect(r.problems[3]?.i18n).toEqual({ key: 'reminder.problem.windowEndsBeforeStart' });
  });
});
