import type { TherapistReport } from '../core';
import { useT } from '../i18n/i18n';
import { Tx } from '../i18n/Tx';
import './report.css';
import {
  activeWords,
  complianceText,
  dateText,
  generatedText,
  outcomeText,
  painText,
  pctText,
  periodText,
  plannedDaysText,
  reportLines,
  skipText,
  whereText,
} from './report-text';

/**
 * The report for a professional, as a page: every figure from the core's `therapistReport`
 * (computed by the server from the owner's records), in the viewer's language. Sections break
 * onto new pages when printed.
 */
export function ReportDocument({ report: r }: { report: TherapistReport }) {
  const t = useT();
  const w = activeWords();
  const words = reportLines(w, r);
  const rated = r.pain.days.filter((d) => d.ratedSessions > 0);
  return (
    <article className="report" aria-labelledby="report-h">
      <header className="report-head">
        <h1 id="report-h">{t('report.title')}</h1>
        <p className="report-period" data-testid="report-period">
          {t('report.head', { period: periodText(w, r), zone: r.timeZone, generated: generatedText(w, r) })}
        </p>
        <ul className="report-lines" data-testid="report-lines">
          {words.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </header>

      <section className="report-section" aria-labelledby="rep-adh-h">
        <h2 id="rep-adh-h">{t('report.adherence')}</h2>
        <p className="muted">{t('report.planned', { days: plannedDaysText(w, r) })}</p>
        <dl className="report-figures">
          <div>
            <dt>{t('report.plannedDone')}</dt>
            <dd data-testid="rep-adherence">
              {t('report.plannedDoneValue', {
                done: r.adherence.doneDays,
                planned: r.adherence.plannedDays,
                percent: pctText(w, r.adherence.percent),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('report.sessions')}</dt>
            <dd data-testid="rep-sessions">
              {t('report.sessionsValue', { completed: r.adherence.completed, aborted: r.adherence.aborted })}
            </dd>
          </div>
          <div>
            <dt>{t('report.extra')}</dt>
            <dd>{r.adherence.extraDays}</dd>
          </div>
          <div>
            <dt>{t('report.holds')}</dt>
            <dd data-testid="rep-holds">{t('report.holdsValue', { percent: pctText(w, r.holdPercent) })}</dd>
          </div>
        </dl>
        <ol className="report-days" aria-label={t('report.dayByDay')}>
          {r.adherence.days.map((d) => {
            const state = d.beforeStart ? 'before' : d.done ? 'done' : d.planned ? 'missed' : 'free';
            const label = t('report.dayTitle', { date: dateText(w, d.date), word: t(`report.day.${state}`) });
            return (
              <li key={d.date} className={`day day-${state}`} title={label}>
                <span className="visually-hidden">{label}</span>
              </li>
            );
          })}
        </ol>
        <p className="muted report-key">
          <span className="day day-done" aria-hidden="true" /> {t('report.day.done')}{' '}
          <span className="day day-missed" aria-hidden="true" /> {t('report.day.missed')}{' '}
          <span className="day day-free" aria-hidden="true" /> {t('report.day.free')}
        </p>
      </section>

      <section className="report-section" aria-labelledby="rep-str-h">
        <h2 id="rep-str-h">{t('report.each')}</h2>
        {r.stretches.length === 0 ? (
          <p>{t('report.noStretches')}</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label={t('report.eachTable')} tabIndex={0}>
            <table className="report-table" data-testid="rep-stretches">
              <thead>
                <tr>
                  <th scope="col">{t('report.colStretch')}</th>
                  <th scope="col">{t('report.colCompliance')}</th>
                  <th scope="col">{t('report.colReached')}</th>
                  <th scope="col">{t('report.colSkipped')}</th>
                </tr>
              </thead>
              <tbody>
                {r.stretches.map((s) => {
                  const m = s.hold ?? s.reps;
                  return (
                    <tr key={s.stretchId}>
                      <th scope="row">{words.stretchName(s)}</th>
                      <td>{complianceText(w, s)}</td>
                      <td>
                        {m
                          ? t('report.ofN', { n: Math.round(m.compliantShare * m.results), total: m.results })
                          : '—'}
                      </td>
                      <td>{skipText(w, s)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <section className="report-section" aria-labelledby="rep-pain-h">
        <h2 id="rep-pain-h">{t('report.pain')}</h2>
        <p data-testid="rep-pain">
          <Tx
            id="report.painLine"
            values={{ before: painText(w, r.pain.averageBefore), after: painText(w, r.pain.averageAfter) }}
            components={{ 0: <strong />, 1: <strong /> }}
          />
          {r.pain.averageDrop !== null &&
            t('report.painChange', {
              change: `${r.pain.averageDrop >= 0 ? '−' : '+'}${painText(w, Math.abs(r.pain.averageDrop))}`,
              count: r.pain.pairedSessions,
            })}
        </p>
        {rated.length === 0 ? (
          <p>{t('report.noPain')}</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label={t('report.painTable')} tabIndex={0}>
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t('report.colDay')}</th>
                  <th scope="col">{t('report.colBefore')}</th>
                  <th scope="col">{t('report.colAfter')}</th>
                  <th scope="col">{t('report.colMean')}</th>
                </tr>
              </thead>
              <tbody>
                {rated.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{dateText(w, d.date)}</th>
                    <td>{painText(w, d.before)}</td>
                    <td>{painText(w, d.after)}</td>
                    <td>{painText(w, d.rollingBefore)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <section className="report-section" aria-labelledby="rep-pro-h">
        <h2 id="rep-pro-h">{t('report.flag')}</h2>
        <p data-testid="rep-flag">
          <strong>{r.seeProfessional.flag ? t('report.raised') : t('report.notRaised')}</strong>
          {r.seeProfessional.flag && words.flagMessage ? ` — ${words.flagMessage}` : ''}
        </p>
        <ul>
          {words.why.map((why) => (
            <li key={why}>{why}</li>
          ))}
        </ul>
      </section>

      <section className="report-section" aria-labelledby="rep-ses-h">
        <h2 id="rep-ses-h">{t('report.sessions')}</h2>
        {r.sessions.length === 0 ? (
          <p>{t('report.noSessions')}</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
          <section className="table-wrap" aria-label={t('report.sessionsTable')} tabIndex={0}>
            <table className="report-table" data-testid="rep-session-table">
              <thead>
                <tr>
                  <th scope="col">{t('report.colWhen')}</th>
                  <th scope="col">{t('report.colRoutine')}</th>
                  <th scope="col">{t('report.colOutcome')}</th>
                  <th scope="col">{t('report.colPain')}</th>
                  <th scope="col">{t('report.colSkipped')}</th>
                  <th scope="col">{t('report.colNote')}</th>
                </tr>
              </thead>
              <tbody>
                {r.sessions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {dateText(w, s.date)} {s.time}
                    </th>
                    <td>
                      {t('report.routineMinutes', {
                        name: words.routineName(s.routineName),
                        minutes: s.minutes,
                      })}
                    </td>
                    <td>{outcomeText(w, s)}</td>
                    <td>
                      {painText(w, s.painBefore)} → {painText(w, s.painAfter)}
                    </td>
                    <td>{t('report.ofN', { n: s.skipped, total: s.steps })}</td>
                    <td>
                      {s.note ?? ''}
                      {s.painAreas.length > 0 && (
                        <span className="muted">
                          {' '}
                          {s.note ? '· ' : ''}
                          {t('report.where', { areas: whereText(w, s) })}
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
        <p>{words.notices.professional}</p>
        <p>{words.notices.method}</p>
        <p>
          <strong>{words.notices.disclaimer}</strong>
        </p>
      </footer>
    </article>
  );
}
