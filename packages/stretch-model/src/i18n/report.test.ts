/** The therapist report's words as descriptors: the same in English, and read in other languages. */
import { describe, expect, it } from 'vitest';
import type { PlanSettings } from '../records/settings.js';
import { therapistReport } from '../report/therapist-report.js';
import { buildSession } from '../testing/index.js';
import { epochAtLocal } from '../time/civil-date.js';
import { renderMessage } from './messages.js';

const at9 = (date: string) => epochAtLocal(date, 9 * 60, 60);
const plan: PlanSettings = { routineId: 'full-back', days: [1, 3, 5], timeZone: 'Europe/Berlin' };
const asOf = { now: epochAtLocal('2026-11-11', 20 * 60, 60), utcOffsetMinutes: 60 };
const records = [
  buildSession({ startedAt: at9('2026-11-02'), painBefore: 6, painAfter: 4 }),
  buildSession({ startedAt: at9('2026-11-04'), painBefore: 5, painAfter: 3 }),
];
const input = {
  records,
  plan,
  asOf,
  timeZone: 'Europe/Berlin',
  range: { from: '2026-11-02', to: '2026-11-08' },
} as const;

/** English lines print decimals as "2.0"; a descriptor's number 2 renders "2". */
const plainDecimals = (s: string) => s.replace(/(\d)\.0\b/g, '$1');

describe('report descriptors', () => {
  it('say in English what the report says', () => {
    const flagged = [
      ...records,
      ...['2026-11-09', '2026-11-10', '2026-11-11'].map((d) =>
        buildSession({ startedAt: at9(d), painBefore: 8, painAfter: 8 }),
      ),
    ];
    for (const report of [
      therapistReport(input),
      therapistReport({ ...input, records: flagged, range: { from: '2026-11-01', to: '2026-11-11' } }),
      therapistReport({ ...input, records: [], range: { from: '2026-11-02', to: '2026-11-08' } }),
      therapistReport({ ...input, range: { from: '2026-12-01', to: '2026-12-31' } }),
    ]) {
      expect(report.i18n.lines.map((m) => renderMessage('en-US', m))).toEqual(
        report.lines.map(plainDecimals),
      );
      expect(report.i18n.why.map((m) => renderMessage('en-US', m))).toEqual(
        report.seeProfessional.why.map(plainDecimals),
      );
      for (const [k, m] of Object.entries(report.i18n.notices))
        expect(renderMessage('en-US', m)).toBe(report.notices[k as keyof typeof report.notices]);
    }
    const raised = therapistReport({
      ...input,
      records: flagged,
      range: { from: '2026-11-01', to: '2026-11-11' },
    });
    expect(raised.seeProfessional.reason).toBe('persistentHighPain');
    expect(raised.seeProfessional.i18n).toEqual({ key: 'advice.seeProfessional.persistentHighPain' });
  });

  it('read in German, Spanish and Chinese', () => {
    const r = therapistReport(input);
    // Mon 2, Wed 4 and Fri 6 Nov planned, the first two done: 2 of 3, 67 %
    expect(renderMessage('de-DE', r.i18n.lines[0] as never)).toBe(
      'Vom 2. Nov. 2026 bis zum 8. Nov. 2026 (7 Tage) wurde die Routine an 2 von 3 geplanten Tagen gemacht (67 %).',
    );
    expect(renderMessage('es-ES', r.i18n.lines[0] as never)).toBe(
      'Del 2 nov 2026 al 8 nov 2026 (7 días), la rutina se hizo en 2 de 3 días planificados (67 %).',
    );
    expect(renderMessage('zh-CN', r.i18n.lines[0] as never)).toBe(
      '2026年11月2日至2026年11月8日（共 7 天），在 3 个计划日中，有 2 天完成了练习（67%）。',
    );
    // pain 6 → 4 and 5 → 3: before 5.5, after 3.5, 2 points lower over 2 sessions
    const painLine = r.i18n.lines.find((m) => m.key === 'report.line.painLower');
    expect(painLine && renderMessage('de-DE', painLine)).toBe(
      'Schmerz im Schnitt: vor dem Dehnen 5,5 von 10, danach 3,5 von 10 (danach im Schnitt 2 Punkte niedriger, über 2 Einheiten mit beiden Bewertungen).',
    );
    // 2 rated days in the 14 days up to 8 Nov, none at 7 or more
    expect(renderMessage('de-DE', r.i18n.why[0] as never)).toBe(
      'In den 14 Tagen bis zum 8. Nov. 2026 wurde der Schmerz an 2 Tagen bewertet; an 0 Tagen erreichte er 7 von 10 oder mehr.',
    );
  });
});
