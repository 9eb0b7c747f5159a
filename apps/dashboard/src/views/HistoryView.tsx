import { useMemo, useState } from 'react';
import { CalendarHeatmap } from '../components/CalendarHeatmap';
import { SessionNoteEditor } from '../components/SessionNoteEditor';
import { SessionFacts } from '../components/SessionSummaryLine';
import { StretchPicture } from '../components/StretchPicture';
import {
  getSessionNotes,
  getStretch,
  noteAreasText,
  noteExcerpt,
  type SessionNote,
  type SessionRecord,
  type StretchResult,
  sessionLocalDate,
} from '../core';
import { useDailyAdherence, useDateRange, useSessions } from '../hooks/useAdherence';
import { useDerived, useSyncState } from '../hooks/useSync';
import { formatDay, formatWhen } from '../format';

const PAGE = 30;

function target(s: StretchResult): string {
  if (s.kind === 'hold') return s.targetSeconds === null ? '—' : `${s.targetSeconds} s`;
  return s.targetReps === null ? '—' : `${s.targetReps} reps`;
}
function achieved(s: StretchResult): string {
  if (s.kind === 'hold') return s.heldSeconds === null ? '—' : `${Math.round(s.heldSeconds)} s`;
  return s.repsDone === null ? '—' : `${s.repsDone} reps`;
}

/** Session notes by session id, computed once per change of the registers. */
function useSessionNotes(): Record<string, SessionNote> {
  const { registers } = useSyncState();
  return useDerived('sessionNotes', [registers], () =>
    getSessionNotes({ registers, sessions: {}, nudgeEvents: {} }),
  );
}

function SessionDetail({ record, note }: { record: SessionRecord; note: SessionNote | null }) {
  return (
    <div className="session-detail">
      <SessionFacts record={record} showWhen={false} />
      <SessionNoteEditor sessionId={record.id} note={note} />
      {record.stretches.length === 0 ? (
        <p className="muted" data-testid="no-stretches">
          {record.outcome === 'aborted'
            ? 'Stopped before the first stretch, so there is nothing to show for it.'
            : 'No stretches were recorded in this session.'}
        </p>
      ) : (
        // focusable, so a keyboard can scroll the table sideways on a narrow screen
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
        <section className="table-scroll" tabIndex={0} aria-label="Stretches in this session">
          <table>
            <caption className="visually-hidden">Stretches in this session</caption>
            <thead>
              <tr>
                <th scope="col">Stretch</th>
                <th scope="col">Side</th>
                <th scope="col">Target</th>
                <th scope="col">Done</th>
                <th scope="col">Skipped</th>
              </tr>
            </thead>
            <tbody>
              {record.stretches.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: results are an immutable, ordered list
                <tr key={i}>
                  <td>
                    <span className="stretch-name-cell">
                      <StretchPicture stretchId={s.stretchId} small />
                      {getStretch(s.stretchId).name}
                    </span>
                  </td>
                  <td>{s.side === 'none' ? '—' : s.side}</td>
                  <td>{target(s)}</td>
                  <td>{achieved(s)}</td>
                  <td>{s.skipped ? <span className="pill warn">skipped</span> : 'no'}</td>
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
  const areas = noteAreasText(note.areas);
  return (
    <span className="muted" data-testid="note-hint" style={{ flexBasis: '100%', overflowWrap: 'anywhere' }}>
      {note.note && <>“{noteExcerpt(note.note)}”</>}
      {note.note && areas && ' · '}
      {areas && <>Where it hurt: {areas}</>}
    </span>
  );
}

function SessionItem({ record, note }: { record: SessionRecord; note: SessionNote | null }) {
  // Details render only once opened: years of history stay quick to show.
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <strong>{record.routineName}</strong>
          <span className="muted">{formatWhen(record.startedAt, record.utcOffsetMinutes)}</span>
          {record.outcome === 'aborted' && <span className="pill warn">stopped early</span>}
          {record.trigger === 'nudge' && <span className="pill">from a nudge</span>}
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

  const listed = useMemo(() => {
    const newestFirst = [...sessions].reverse();
    return day ? newestFirst.filter((r) => sessionLocalDate(r) === day) : newestFirst;
  }, [sessions, day]);

  return (
    <>
      <h1>History</h1>
      <p className="page-intro">
        Your last twelve months, and every session with what each stretch got. Open a session to add a note
        and where it hurt.
      </p>
      <section className="card" aria-labelledby="cal-h">
        <h2 id="cal-h">Twelve months</h2>
        <CalendarHeatmap days={days} selected={day} onSelect={(d) => setDay(d === day ? null : d)} />
      </section>
      <section className="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Sessions</h2>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="day-filter">Show one day</label>
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
                Show all days
              </button>
            </div>
          )}
        </div>
        <p className="muted" aria-live="polite">
          {day
            ? `${listed.length} ${listed.length === 1 ? 'session' : 'sessions'} on ${formatDay(day, 'EEEE d MMMM yyyy')}`
            : `${listed.length} ${listed.length === 1 ? 'session' : 'sessions'} in total`}
        </p>
        {listed.length === 0 ? (
          <p className="empty">Nothing here yet.</p>
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
              Show {Math.min(PAGE, listed.length - shown)} more
            </button>
          </p>
        )}
      </section>
    </>
  );
}
