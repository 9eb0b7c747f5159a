import type { ReactNode } from 'react';
import { Meter } from '../components/Meter';
import { NextNudgeCard, type NextNudgeData } from '../components/NextNudgeCard';
import { ProfessionalAdviceNotice } from '../components/ProfessionalAdviceNotice';
import { SessionFacts } from '../components/SessionSummaryLine';
import type { OverviewSummary, SessionRecord } from '../core';
import { formatDay, percent } from '../format';
import { routineNameOf } from '../i18n/core-text';
import { t, useT } from '../i18n/i18n';
import { Link } from '../routing/Link';

/**
 * Everything Overview shows, as plain JSON data (no functions): the core's `overviewSummary`, the
 * last session and the next-nudge card's decision. The live page computes it from the replica
 * (OverviewView); the first render of a start can take it from the summary stored beside the
 * replica (sync/stored-overview.ts) without loading the replica's code at all.
 */
export interface OverviewData {
  summary: OverviewSummary;
  lastSession: SessionRecord | null;
  nextNudge: NextNudgeData;
}

function todayText(d: { planned: boolean; completed: number; aborted: number }): string {
  if (d.completed > 0)
    return d.completed === 1 ? t('overview.doneOnce') : t('overview.doneTimes', { count: d.completed });
  if (d.planned) return t('overview.plannedToday');
  return t('overview.restDay');
}

/** Overview from its data only: the same markup whether the data is live or stored. */
export function OverviewPage({ data, setup }: { data: OverviewData; setup?: ReactNode }) {
  const { summary, lastSession: last } = data;
  const { today, streak, thisWeek, weeks } = summary;
  const t = useT();
  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p className="page-intro">{t('overview.intro')}</p>
      {setup}
      <ProfessionalAdviceNotice advice={summary.seeProfessional} compact />
      <div className="grid">
        <section className="card" aria-labelledby="today-h">
          <h2 id="today-h">{t('overview.today')}</h2>
          <p className="stat" data-testid="today-status">
            {today.completed}
            <small>{t('overview.plannedCount', { count: today.planned ? 1 : 0 })}</small>
          </p>
          <p className="muted">{todayText(today)}</p>
        </section>
        <section className="card" aria-labelledby="streak-h">
          <h2 id="streak-h">{t('overview.streak')}</h2>
          <p className="stat" data-testid="current-streak">
            {streak.current} <small>{t('overview.days', { count: streak.current })}</small>
          </p>
          <p className="muted">{t('overview.best', { count: streak.best })}</p>
        </section>
        <section className="card" aria-labelledby="week-h">
          <h2 id="week-h">{t('overview.thisWeek')}</h2>
          <p className="stat" data-testid="week-adherence">
            {percent(thisWeek.percent === null ? null : thisWeek.percent / 100)}
          </p>
          <Meter label={t('overview.weekMeter')} percent={thisWeek.percent ?? 0} />
          <p className="muted">
            {thisWeek.noData === null
              ? t('overview.weekDone', { done: thisWeek.doneDays, planned: thisWeek.plannedDays })
              : noDataText(thisWeek.noData)}
          </p>
        </section>
        <NextNudgeCard {...data.nextNudge} />
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="last-h">
          <h2 id="last-h">{t('overview.lastSession')}</h2>
          {last ? (
            <>
              <p>
                <strong>{routineNameOf(last.routineId, last.routineName)}</strong>{' '}
                {last.outcome === 'aborted' && (
                  <span className="pill warn">{t('overview.stoppedEarly')}</span>
                )}
              </p>
              <SessionFacts record={last} />
              <p className="actions">
                <Link href="/history">{t('overview.allSessions')}</Link>
              </p>
            </>
          ) : (
            <p className="muted">{t('overview.noSessions')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="weeks-h">
          <h2 id="weeks-h">{t('overview.last8')}</h2>
          <div className="week-bars" role="img" aria-label={weeksLabel(weeks)}>
            {weeks.map((w) => (
              <div key={w.weekStart} data-nodata={w.noData ?? undefined}>
                {w.noData === null ? (
                  <span style={{ height: `${Math.max(3, w.percent ?? 0)}%` }} />
                ) : (
                  <em className="no-data" title={noDataText(w.noData)}>
                    {t('overview.noData')}
                  </em>
                )}
                {formatDay(w.weekStart, 'dayMonthNumeric')}
              </div>
            ))}
          </div>
        </section>
      </div>
    </>
  );
}

/** "No data" in words: the core says why there is no rate. */
function noDataText(reason: 'beforeStart' | 'nothingPlanned'): string {
  return reason === 'beforeStart' ? t('overview.noDataBefore') : t('overview.noDataNothing');
}

function weeksLabel(
  weeks: readonly {
    weekStart: string;
    percent: number | null;
    noData: 'beforeStart' | 'nothingPlanned' | null;
  }[],
): string {
  return t('overview.weeksLabel', {
    weeks: weeks
      .map((w) =>
        t('overview.weekItem', {
          date: formatDay(w.weekStart, 'dayMonth'),
          value: w.noData === null ? percent((w.percent ?? 0) / 100) : noDataText(w.noData),
        }),
      )
      .join(', '),
  });
}
