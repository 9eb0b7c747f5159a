import type { ReactNode } from 'react';
import { Meter } from '../components/Meter';
import { NextNudgeCard, type NextNudgeData } from '../components/NextNudgeCard';
import { ProfessionalAdviceNotice } from '../components/ProfessionalAdviceNotice';
import { SessionFacts } from '../components/SessionSummaryLine';
import type { OverviewSummary, SessionRecord } from '../core';
import { formatDay } from '../format';
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

function todayText(t: { planned: boolean; completed: number; aborted: number }): string {
  if (t.completed > 0) return t.completed === 1 ? 'Done — nicely done.' : `Done ${t.completed} times today.`;
  if (t.planned) return 'Planned — there is still time today.';
  return 'A rest day in your plan.';
}

/** Overview from its data only: the same markup whether the data is live or stored. */
export function OverviewPage({ data, setup }: { data: OverviewData; setup?: ReactNode }) {
  const { summary, lastSession: last } = data;
  const { today, streak, thisWeek, weeks } = summary;
  return (
    <>
      <h1>Overview</h1>
      <p className="page-intro">How your back routine is going, at a glance.</p>
      {setup}
      <ProfessionalAdviceNotice advice={summary.seeProfessional} compact />
      <div className="grid">
        <section className="card" aria-labelledby="today-h">
          <h2 id="today-h">Today</h2>
          <p className="stat" data-testid="today-status">
            {today.completed}
            <small> / {today.planned ? 1 : 0} planned</small>
          </p>
          <p className="muted">{todayText(today)}</p>
        </section>
        <section className="card" aria-labelledby="streak-h">
          <h2 id="streak-h">Streak</h2>
          <p className="stat" data-testid="current-streak">
            {streak.current} <small>{streak.current === 1 ? 'day' : 'days'}</small>
          </p>
          <p className="muted">
            Best so far: {streak.best} {streak.best === 1 ? 'day' : 'days'}
          </p>
        </section>
        <section className="card" aria-labelledby="week-h">
          <h2 id="week-h">This week</h2>
          <p className="stat" data-testid="week-adherence">
            {thisWeek.percent === null ? '—' : `${thisWeek.percent} %`}
          </p>
          <Meter label="This week's adherence" percent={thisWeek.percent ?? 0} />
          <p className="muted">
            {thisWeek.noData === null
              ? `${thisWeek.doneDays} of ${thisWeek.plannedDays} planned days so far`
              : noDataText(thisWeek.noData)}
          </p>
        </section>
        <NextNudgeCard {...data.nextNudge} />
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="last-h">
          <h2 id="last-h">Last session</h2>
          {last ? (
            <>
              <p>
                <strong>{last.routineName}</strong>{' '}
                {last.outcome === 'aborted' && <span className="pill warn">stopped early</span>}
              </p>
              <SessionFacts record={last} />
              <p className="actions">
                <Link href="/history">See all sessions</Link>
              </p>
            </>
          ) : (
            <p className="muted">No sessions yet. Start the routine on your watch; it will show up here.</p>
          )}
        </section>
        <section className="card" aria-labelledby="weeks-h">
          <h2 id="weeks-h">Last 8 weeks</h2>
          <div className="week-bars" role="img" aria-label={weeksLabel(weeks)}>
            {weeks.map((w) => (
              <div key={w.weekStart} data-nodata={w.noData ?? undefined}>
                {w.noData === null ? (
                  <span style={{ height: `${Math.max(3, w.percent ?? 0)}%` }} />
                ) : (
                  <em className="no-data" title={noDataText(w.noData)}>
                    no data
                  </em>
                )}
                {formatDay(w.weekStart, 'd/M')}
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
  return reason === 'beforeStart' ? 'No data: before you started' : 'No data: nothing planned yet';
}

function weeksLabel(
  weeks: readonly {
    weekStart: string;
    percent: number | null;
    noData: 'beforeStart' | 'nothingPlanned' | null;
  }[],
): string {
  return `Weekly adherence: ${weeks
    .map(
      (w) =>
        `week of ${formatDay(w.weekStart, 'd MMM')} ${w.noData === null ? `${w.percent}%` : noDataText(w.noData).toLowerCase()}`,
    )
    .join(', ')}`;
}
