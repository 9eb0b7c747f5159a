import { useMemo, useState } from 'react';
import { CalendarHeatmap } from '../components/CalendarHeatmap';
import { SessionNoteEditor } from '../components/SessionNoteEditor';
import { SessionFacts } from '../components/SessionSummaryLine';
import { StretchPicture } from '../components/StretchPicture';
import {
  getSessionNotes,
  noteExcerpt,
  type SessionNote,
  type SessionRecord,
  type StretchResult,
  sessionLocalDate,
} from '../core';
import { useDailyAdherence, useDateRange, useSessions } from '../hooks/useAdherence';
import { useDerived, useSyncState } from '../hooks/useSync';
import { formatDay, formatNumber, formatWhen } from '../format';
import { stretchOf } from '../i18n/core-catalog';
import { routineNameOf } from '../i18n/core-text';
import { noteAreasLocalized } from '../i18n/note-areas';
import { type MessageKey, t, useT } from '../i18n/i18n';

const PAGE = 30;

function target(s: StretchResult): string {
  if (s.kind === 'hold')
    return s.targetSeconds === null ? '—' : t('unit.seconds', { n: formatNumber(s.targetSeconds) });
  return s.targetReps === null ? '—' : t('unit.reps', { n: s.targetReps });
}
function achieved(s: StretchResult): string {
  if (s.kind === 'hold')
    return s.heldSeconds === null ? '—' : t('unit.seconds', { n: formatNumber(Math.round(s.heldSeconds)) });
  return s.repsDone === null ? '—' : t('unit.reps', { n: s.repsDone });
}
/** the side a stretch was done on, in words (a side the dashboard does not know is shown as stored) */
export function sideText(side: string): string {
  const key = `side.${side}` as MessageKey;
  return side === 'left' || side === 'right' || side === 'both' ? t(key) : side;
}

/** Session notes by session id, computed once per change of the registers. */
function useSessionNotes(): Record<string, SessionNote> {
  const { registers } = useSyncState();
  return useDerived('sessionNotes', [registers], () =>
    getSessionNotes({ registers, sessions: {}, nudgeEvents: {} }),
  );
}

function SessionDetail({ record, note }: { record: SessionRecord; note: SessionNote | null }) {
  const t = useT();
  return (
    <div className="session-detail">
      <SessionFacts record={record} showWhen={false} />
      <SessionNoteEditor sessionId={record.id} note={note} />
      {record.stretches.length === 0 ? (
        <p className="muted" data-testid="no-stretches">
          {record.outcome === 'aborted' ? t('history.stoppedBeforeFirst') : t('history.noStretches')}
        </p>
      ) : (
        // focusable, so a keyboard can scroll the table sideways on a narrow screen
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
        <section className="table-scroll" tabIndex={0} aria-label={t('history.stretchesTable')}>
          <table>
            <caption className="visually-hidden">{t('history.stretchesTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.colStretch')}</th>
                <th scope="col">{t('history.colSide')}</th>
                <th scope="col">{t('history.colTarget')}</th>
                <th scope="col">{t('history.colDone')}</th>
                <th scope="col">{t('history.colSkipped')}</th>
              </tr>
            </thead>
            <tbody>
              {record.stretches.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: results are an immutable, ordered list
                <tr key={i}>
                  <td>
                    <span className="stretch-name-cell">
                      <StretchPicture stretchId={s.stretchId} small />
                      {stretchOf(s.stretchId).name}
                    </span>
                  </td>
                  <td>{s.side === 'none' ? '—' : sideText(s.side)}</td>
                  <td>{target(s)}</td>
                  <td>{achieved(s)}</td>
                  <td>
                    {s.skipped ? (
                      <span className="pill warn">{t('history.skipped')}</span>
                    ) : (
                      t('history.notSkipped')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function NoteHint({ note }: { note: SessionNote }) {
  const areas = noteAreasLocalized(note.areas);
  const t = useT();
  return (
    <span className="muted" data-testid="note-hint" style={{ flexBasis: '100%', overflowWrap: 'anywhere' }}>
      {note.note && t('history.quote', { text: noteExcerpt(note.note) })}
      {note.note && areas && ' · '}
      {areas && t('history.whereHurt', { areas })}
    </span>
  );
}

function SessionItem({ record, note }: { record: SessionRecord; note: SessionNote | null }) {
  // Details render only once opened: years of history stay quick to show.
  const [open, setOpen] = useState(false);
  const t = useT();
  return (
    <li>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <strong>{routineNameOf(record.routineId, record.routineName)}</strong>
          <span className="muted">{formatWhen(record.startedAt, record.utcOffsetMinutes)}</span>
          {record.outcome === 'aborted' && <span className="pill warn">{t('overview.stoppedEarly')}</span>}
          {record.trigger === 'nudge' && <span className="pill">{t('session.fromNudge')}</span>}
          {note && <NoteHint note={note} />}
        </summary>
        {open && <SessionDetail record={record} note={note} />}
      </details>
    </li>
  );
}

export function HistoryView() {
  const range = useDateRange(365);
  const days = useDailyAdherence(range);
  const sessions = useSessions();
  const notes = useSessionNotes();
  const [day, setDay] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const t = useT();

  const listed = useMemo(() => {
    const newestFirst = [...sessions].reverse();
    return day ? newestFirst.filter((r) => sessionLocalDate(r) === day) : newestFirst;
  }, [sessions, day]);

  return (
    <>
      <h1>{t('history.title')}</h1>
      <p className="page-intro">{t('history.intro')}</p>
      <section className="card" aria-labelledby="cal-h">
        <h2 id="cal-h">{t('history.twelveMonths')}</h2>
        <CalendarHeatmap days={days} selected={day} onSelect={(d) => setDay(d === day ? null : d)} />
      </section>
      <section className="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">{t('history.sessions')}</h2>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="day-filter">{t('history.showDay')}</label>
            <input
              id="day-filter"
              type="date"
              value={day ?? ''}
              min={range.from}
              max={range.to}
              onChange={(e) => setDay(e.target.value || null)}
            />
          </div>
          {day && (
            <div className="field" style={{ justifyContent: 'flex-end' }}>
              <button type="button" className="secondary" onClick={() => setDay(null)}>
                {t('history.showAll')}
              </button>
            </div>
          )}
        </div>
        <p className="muted" aria-live="polite">
          {day
            ? t('history.countOnDay', { count: listed.length, date: formatDay(day, 'fullDay') })
            : t('history.countTotal', { count: listed.length })}
        </p>
        {listed.length === 0 ? (
          <p className="empty">{t('history.empty')}</p>
        ) : (
          <ul className="session-list" data-testid="session-list">
            {listed.slice(0, shown).map((r) => (
              <SessionItem key={r.id} record={r} note={notes[r.id] ?? null} />
            ))}
          </ul>
        )}
        {listed.length > shown && (
          <p className="actions">
            <button type="button" className="secondary" onClick={() => setShown((n) => n + PAGE)}>
              {t('history.more', { count: Math.min(PAGE, listed.length - shown) })}
            </button>
          </p>
        )}
      </section>
    </>
  );
}
