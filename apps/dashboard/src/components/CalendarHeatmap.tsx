import { memo, useLayoutEffect, useRef } from 'react';
import type { DayAdherence } from '../core';
import { formatDay } from '../format';
import { t, useT } from '../i18n/i18n';

/** 365 titles per render: one cached Intl formatter of the active locale. */
function cellDate(d: DayAdherence): string {
  return formatDay(d.date, 'dayYear');
}

/** Colour level for a day: display only — whether a day counts as done is the core's `done`. */
function level(d: DayAdherence): 0 | 1 | 2 | 3 | 4 {
  if (d.completed >= 3) return 4;
  if (d.completed === 2) return 3;
  if (d.done) return 2;
  if (d.aborted > 0) return 1;
  return 0;
}

function dayTitle(d: DayAdherence): string {
  const what = d.beforeStart
    ? t('calendar.beforeStart')
    : d.completed > 0
      ? t('calendar.completed', { count: d.completed })
      : d.aborted > 0
        ? t('calendar.stopped', { count: d.aborted })
        : d.planned
          ? t('calendar.plannedNotDone')
          : t('calendar.rest');
  return t('calendar.cell', { date: cellDate(d), what });
}

/**
 * A year of days as a GitHub-style grid: one column per Monday-based week. Pure presentation of
 * the core's `dailyAdherence`. Screen readers get the summary label; the session list below is
 * the detailed, keyboard-friendly view.
 */
export const CalendarHeatmap = memo(function CalendarHeatmap({
  days,
  onSelect,
  selected,
}: {
  days: DayAdherence[];
  onSelect?: (date: string) => void;
  selected?: string | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const t = useT();
  // On a narrow screen the year scrolls sideways: start at the most recent weeks.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, []);
  const first = days[0];
  if (!first) return null;
  // Pad the first column so rows line up with Monday…Sunday.
  const lead = (first.weekday + 6) % 7;
  const weeks: (DayAdherence | null)[][] = [];
  let week: (DayAdherence | null)[] = Array.from({ length: lead }, () => null);
  for (const d of days) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push(week);

  const planned = days.filter((d) => d.planned).length;
  const done = days.filter((d) => d.done && d.planned).length;
  const active = days.filter((d) => d.done).length;
  const before = days.filter((d) => d.beforeStart).length;
  const date = formatDay(first.date, 'date');
  const label =
    before > 0
      ? t('calendar.labelBefore', { date, active, done, planned, before })
      : t('calendar.label', { date, active, done, planned });

  return (
    <div>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: clicking a day is a mouse shortcut; keyboard users have the date field below */}
      <div
        ref={scroller}
        className="heatmap"
        role="img"
        aria-label={label}
        data-testid="heatmap"
        onClick={(e) => {
          const date = (e.target as HTMLElement).dataset.date;
          if (date && onSelect) onSelect(date);
        }}
      >
        {weeks.map((w) => (
          <div className="heatmap-week" key={w.find((d) => d)?.date ?? 'lead'}>
            {w.map((d, i) =>
              d ? (
                <span
                  key={d.date}
                  className="heatmap-day"
                  data-date={d.date}
                  data-level={level(d)}
                  data-planned={d.planned}
                  data-before-start={d.beforeStart || undefined}
                  title={dayTitle(d)}
                  style={selected === d.date ? { outline: '2px solid #1f2a2a' } : undefined}
                />
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed leading padding cells
                <span key={`pad-${i}`} />
              ),
            )}
          </div>
        ))}
      </div>
      <div className="heatmap-legend" aria-hidden="true">
        {t('calendar.less')}
        {[0, 1, 2, 3, 4].map((l) => (
          <span key={l} className="heatmap-day" data-level={l} />
        ))}
        {t('calendar.more')}
      </div>
    </div>
  );
});
