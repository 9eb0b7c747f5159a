import {
  routineNameMessage,
  type CoreMessage,
  type CoreMessages,
  type LocalDate,
  type NoteAreaPick,
  noteAreaMessages,
  type ReportSession,
  type ReportStretch,
  renderWith,
  type TherapistReport,
} from '../core';
import { coreTable } from '../i18n/core-text';
import { activeLocale, type MessageKey, t } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';

/**
 * The words and figures the report page and the PDF both show, from the one core report: the
 * page and the PDF cannot say different things. Each function takes the `Words` of one locale:
 * the page's (the active locale) or the PDF's (which may differ: report-pdf.ts).
 */
export interface Words {
  locale: Locale;
  t: (id: MessageKey, values?: Record<string, unknown>) => string;
  /** a core descriptor in this locale */
  core: (m: CoreMessage) => string;
}

/** The words of the active locale (the page). */
export function activeWords(): Words {
  const locale = activeLocale();
  const { table } = coreTable();
  return {
    locale,
    t,
    core: (m) => (table ? renderWith(table, locale, m, { formatNumber: num(locale) }) : m.key),
  };
}

/** Words from a given catalog and core table (the PDF in another locale). */
export function wordsWith(locale: Locale, translate: Words['t'], table: CoreMessages): Words {
  return { locale, t: translate, core: (m) => renderWith(table, locale, m, { formatNumber: num(locale) }) };
}

const num = (locale: Locale) => (n: number) => new Intl.NumberFormat(locale).format(n);
const oneDecimal = new Map<string, Intl.NumberFormat>();

export const pctText = (w: Words, p: number | null) =>
  p === null ? '—' : new Intl.NumberFormat(w.locale, { style: 'percent' }).format(p / 100);
export function painText(w: Words, p: number | null): string {
  if (p === null) return '—';
  let f = oneDecimal.get(w.locale);
  if (!f) {
    f = new Intl.NumberFormat(w.locale, { maximumFractionDigits: 1 });
    oneDecimal.set(w.locale, f);
  }
  return f.format(Math.round(p * 10) / 10);
}

/** A report date ("2 Nov 2026", "2. Nov. 2026", "2026年11月2日"): the civil date, no zone shift. */
export function dateText(w: Words, date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(w.locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function complianceText(w: Words, s: ReportStretch): string {
  if (s.hold)
    return w.t('report.complianceHold', { percent: pctText(w, s.compliancePercent), target: s.hold.target });
  if (s.reps)
    return w.t('report.complianceReps', { percent: pctText(w, s.compliancePercent), target: s.reps.target });
  return '—';
}

export function skipText(w: Words, s: ReportStretch): string {
  return w.t('report.skipValue', {
    skipped: s.skips.skipped,
    results: s.skips.results,
    percent: pctText(w, s.skipPercent),
  });
}

export function outcomeText(w: Words, s: ReportSession): string {
  return s.outcome === 'completed' ? w.t('report.completed') : w.t('report.stopped');
}

export function whereText(w: Words, s: ReportSession): string {
  return noteAreaMessages(s.painAreas as NoteAreaPick[])
    .map(w.core)
    .join(w.core({ key: 'note.listSeparator' }));
}

export function periodText(w: Words, r: TherapistReport): string {
  return r.dayCount > 0
    ? w.t('share.range', { from: dateText(w, r.range.from), to: dateText(w, r.range.to) })
    : dateText(w, r.requested.from);
}

export function plannedDaysText(w: Words, r: TherapistReport): string {
  if (r.plannedWeekdays.length === 7) return w.t('report.everyDay');
  if (r.plannedWeekdays.length === 0) return w.t('report.noDays');
  const day = new Intl.DateTimeFormat(w.locale, { weekday: 'short', timeZone: 'UTC' });
  return [...r.plannedWeekdays]
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
    .map((d) => day.format(Date.UTC(2026, 10, 29 + d))) // 29 Nov 2026 was a Sunday
    .join(', ');
}

export function generatedText(w: Words, r: TherapistReport): string {
  const d = new Date(r.generatedAt).toISOString();
  return w.t('report.generatedUtc', { date: d.slice(0, 10), time: d.slice(11, 16) });
}

/** The report's own sentences (summary lines, why the flag, notices) in these words, English if the server sent none. */
export function reportLines(w: Words, r: TherapistReport) {
  const i18n = (r as Partial<TherapistReport>).i18n;
  return {
    lines: i18n ? i18n.lines.map(w.core) : r.lines,
    why: i18n ? i18n.why.map(w.core) : r.seeProfessional.why,
    notices: i18n
      ? {
          professional: w.core(i18n.notices.professional),
          method: w.core(i18n.notices.method),
          disclaimer: w.core(i18n.notices.disclaimer),
        }
      : r.notices,
    flagMessage: r.seeProfessional.i18n ? w.core(r.seeProfessional.i18n) : r.seeProfessional.message,
    /** a built-in routine under its shipped English name gets its translation; a person's own name stays */
    routineName: (name: string) => {
      const message = routineNameMessage({ name });
      return message ? w.core(message) : name;
    },
    stretchName: (s: ReportStretch) => {
      const key = `stretch.${s.stretchId}.name`;
      const name = w.core({ key: key as CoreMessage['key'] });
      return name === key ? s.name : name;
    },
  };
}
