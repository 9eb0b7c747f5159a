import { reportDate, type TherapistReport } from '../core';
import './report.css';
import {
  complianceText,
  generatedText,
  outcomeText,
  painText,
  pctText,
  periodText,
  plannedDaysText,
  skipText,
  whereText,
} from './report-text';

/**
 * The report for a professional, as a page: every figure from the core's `therapistReport`
 * (computed by the server from the owner's records). Sections break onto new pages when printed.
 */
export function ReportDocument({ report: r }: { report: TherapistReport }) {
  const rated = r.pain.days.filter((d) => d.ratedSessions > 0);
  return (
    <article className="report" aria-labelledby="report-h">
      <header className="report-head">
        <h1 id="report-h">Stretching report</h1>
        <p className="report-period" data-testid="report-period">
          {periodText(r)} · {r.timeZone} · made {generatedText(r)}
        </p>
        <ul className="report-lines" data-testid="report-lines">
          {r.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </header>

      <section className="report-section" aria-labelledby="rep-adh-h">
        <h2 id="rep-adh-h">Adherence against the plan</h2>
        <p className="muted">Planned: {plannedDaysText(r)}.</p>
        <dl className="report-figures">
          <div>
            <dt>Planned days done</dt>
            <dd data-testid="rep-adherence">
              {r.adherence.doneDays} of {r.adherence.plannedDays} ({pctText(r.adherence.percent)})
            </dd>
          </div>
          <div>
            <dt>Sessions</dt>
            <dd data-testid="rep-sessions">
              {r.adherence.completed} completed, {r.adherence.aborted} stopped early
            </dd>
          </div>
          <div>
            <dt>Extra days (not planned)</dt>
            <dd>{r.adherence.extraDays}</dd>
          </div>
          <div>
            <dt>Holds reached</dt>
            <dd data-testid="rep-holds">{pctText(r.holdPercent)} of target time</dd>
          </div>
        </dl>
        <ol className="report-days" aria-label="Day by day">
          {r.adherence.days.map((d) => {
            const state = d.beforeStart ? 'before' : d.done ? 'done' : d.planned ? 'missed' : 'free';
            const word =
              state === 'done'
                ? 'done'
                : state === 'missed'
                  ? 'planned, not done'
                  : state === 'before'
                    ? 'before starting'
                    : 'not planned';
            return (
              <li key={d.date} className={`day day-${state}`} title={`${reportDate(d.date)}: ${word}`}>
                <span className="visually-hidden">
                  {reportDate(d.date)}: {word}
                </span>
              </li>
            );
          })}
        </ol>
        <p className="muted report-key">
          <span className="day day-done" aria-hidden="true" /> done{' '}
          <span className="day day-missed" aria-hidden="true" /> planned, not done{' '}
          <span className="day day-free" aria-hidden="true" /> not planned
        </p>
      </section>

      <section className="report-section" aria-labelledby="rep-str-h">
        <h2 id="rep-str-h">Each stretch</h2>
        {r.stretches.length === 0 ? (
          <p>No stretches were recorded in this period.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label="Each stretch (table)" tabIndex={0}>
            <table className="report-table" data-testid="rep-stretches">
              <thead>
                <tr>
                  <th scope="col">Stretch</th>
                  <th scope="col">Hold compliance</th>
                  <th scope="col">Reached 90 % of target</th>
                  <th scope="col">Skipped</th>
                </tr>
              </thead>
              <tbody>
                {r.stretches.map((s) => {
                  const m = s.hold ?? s.reps;
                  return (
                    <tr key={s.stretchId}>
                      <th scope="row">{s.name}</th>
                      <td>{complianceText(s)}</td>
                      <td>{m ? `${Math.round(m.compliantShare * m.results)} of ${m.results}` : '—'}</td>
                      <td>{skipText(s)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <section className="report-section" aria-labelledby="rep-pain-h">
        <h2 id="rep-pain-h">Pain before and after</h2>
        <p data-testid="rep-pain">
          Average before: <strong>{painText(r.pain.averageBefore)}</strong> of 10 · after:{' '}
          <strong>{painText(r.pain.averageAfter)}</strong> of 10
          {r.pain.averageDrop !== null && (
            <>
              {' '}
              · change after stretching: {r.pain.averageDrop >= 0 ? '−' : '+'}
              {painText(Math.abs(r.pain.averageDrop))} ({r.pain.pairedSessions} sessions rated both times)
            </>
          )}
        </p>
        {rated.length === 0 ? (
          <p>No pain ratings in this period.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label="Pain by day (table)" tabIndex={0}>
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">7-day mean before</th>
                </tr>
              </thead>
              <tbody>
                {rated.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{reportDate(d.date)}</th>
                    <td>{painText(d.before)}</td>
                    <td>{painText(d.after)}</td>
                    <td>{painText(d.rollingBefore)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <section className="report-section" aria-labelledby="rep-pro-h">
        <h2 id="rep-pro-h">“See a professional” flag</h2>
        <p data-testid="rep-flag">
          <strong>{r.seeProfessional.flag ? 'Raised' : 'Not raised'}</strong>
          {r.seeProfessional.flag && r.seeProfessional.message ? ` — ${r.seeProfessional.message}` : ''}
        </p>
        <ul>
          {r.seeProfessional.why.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </section>

      <section className="report-section" aria-labelledby="rep-ses-h">
        <h2 id="rep-ses-h">Sessions</h2>
        {r.sessions.length === 0 ? (
          <p>No sessions in this period.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label="Sessions (table)" tabIndex={0}>
            <table className="report-table" data-testid="rep-session-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Routine</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Pain before → after</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {r.sessions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {reportDate(s.date)} {s.time}
                    </th>
                    <td>
                      {s.routineName} ({s.minutes} min)
                    </td>
                    <td>{outcomeText(s)}</td>
                    <td>
                      {painText(s.painBefore)} → {painText(s.painAfter)}
                    </td>
                    <td>
                      {s.skipped} of {s.steps}
                    </td>
                    <td>
                      {s.note ?? ''}
                      {s.painAreas.length > 0 && (
                        <span className="muted">
                          {' '}
                          {s.note ? '· ' : ''}Where: {whereText(s)}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <footer className="report-section report-notices">
        <p>{r.notices.professional}</p>
        <p>{r.notices.method}</p>
        <p>
          <strong>{r.notices.disclaimer}</strong>
        </p>
      </footer>
    </article>
  );
}
