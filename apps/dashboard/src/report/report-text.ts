import {
  type NoteAreaPick,
  noteAreasText,
  type ReportSession,
  type ReportStretch,
  reportDate,
  type TherapistReport,
} from '../core';

/**
 * The words and figures the report page and the PDF both show, from the one core report: the
 * page and the PDF cannot say different things.
 */
export const pctText = (p: number | null) => (p === null ? '—' : `${p} %`);
export const painText = (p: number | null) => (p === null ? '—' : `${Math.round(p * 10) / 10}`);

export function complianceText(s: ReportStretch): string {
  if (s.hold) return `${pctText(s.compliancePercent)} of ${s.hold.target} s held`;
  if (s.reps) return `${pctText(s.compliancePercent)} of ${s.reps.target} reps`;
  return '—';
}

export function skipText(s: ReportStretch): string {
  return `${s.skips.skipped} of ${s.skips.results} (${pctText(s.skipPercent)})`;
}

export function outcomeText(s: ReportSession): string {
  return s.outcome === 'completed' ? 'Completed' : 'Stopped early';
}

export function whereText(s: ReportSession): string {
  return s.painAreas.length > 0 ? noteAreasText(s.painAreas as NoteAreaPick[]) : '';
}

export function periodText(r: TherapistReport): string {
  return r.dayCount > 0
    ? `${reportDate(r.range.from)} – ${reportDate(r.range.to)}`
    : reportDate(r.requested.from);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export function plannedDaysText(r: TherapistReport): string {
  if (r.plannedWeekdays.length === 7) return 'every day';
  if (r.plannedWeekdays.length === 0) return 'no days';
  return [...r.plannedWeekdays]
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
    .map((d) => WEEKDAYS[d])
    .join(', ');
}

export function generatedText(r: TherapistReport): string {
  const d = new Date(r.generatedAt);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}
