import { type CSSProperties, useId, useState } from 'react';
import {
  AREA_SIDES,
  NOTE_AREAS,
  type NoteArea,
  type NoteSide,
  SESSION_NOTE_MAX_LENGTH,
  type SessionNote,
  sessionNoteErrorMessage,
  sessionNoteWrite,
  validateSessionNote,
} from '../core';
import { useRecord } from '../hooks/useSync';
import { coreText } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { type MessageKey, useT } from '../i18n/i18n';
import { areaText, noteAreasLocalized } from '../i18n/note-areas';
import { errorsByPath, FieldError } from './FieldError';

/** A side picked for each area that is ticked; absent areas are not ticked. */
type Picks = Partial<Record<NoteArea, NoteSide>>;

/** The side an area starts with when ticked: along the spine for the back and chest, both shoulders. */
const DEFAULT_SIDE: Record<NoteArea, NoteSide> = {
  upperBack: 'center',
  midBack: 'center',
  lowerBack: 'center',
  chest: 'center',
  shoulder: 'both',
};

const SIDE_WORDS: Record<NoteSide, MessageKey> = {
  center: 'note.sideCenter',
  left: 'note.sideLeft',
  right: 'note.sideRight',
  both: 'note.sideBoth',
};

const textareaStyle: CSSProperties = {
  font: 'inherit',
  color: 'var(--ink)',
  background: 'var(--surface)',
  border: '1px solid #b9b3a6',
  borderRadius: 10,
  padding: '0.5rem 0.7rem',
  width: '100%',
  maxWidth: '40rem',
  boxSizing: 'border-box',
  resize: 'vertical',
};

/** Radios as small as the checkboxes (the shared input style is for text fields). */
const radioStyle: CSSProperties = {
  minHeight: 'auto',
  width: '1.1rem',
  height: '1.1rem',
  padding: 0,
  margin: 0,
  accentColor: 'var(--accent)',
};

function picksOf(note: SessionNote | null): Picks {
  const picks: Picks = {};
  for (const a of note?.areas ?? []) picks[a.area] = a.side;
  return picks;
}

/**
 * A session's note and where it hurt: shown when there is one, with "Add a note" or "Edit note".
 * The form checks with the core (`validateSessionNote`) and saves as one register write through
 * the replica, like the other editors; it syncs now or when the connection returns.
 */
export function SessionNoteEditor({ sessionId, note }: { sessionId: string; note: SessionNote | null }) {
  const uid = useId();
  const t = useT();
  const record = useRecord();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [picks, setPicks] = useState<Picks>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const areas = NOTE_AREAS.filter((a) => picks[a] !== undefined).map((area) => ({
    area,
    side: picks[area] as NoteSide,
  }));
  const draft = { sessionId, note: text, areas };
  const validation = validateSessionNote(draft);
  const errors = validation.ok
    ? new Map<string, string[]>()
    : errorsByPath(validation.errors.map((e) => ({ ...e, i18n: sessionNoteErrorMessage(e, draft) })));
  const noteErrors = errors.get('note') ?? [];

  const open = () => {
    setText(note?.note ?? '');
    setPicks(picksOf(note));
    setStatus(null);
    setEditing(true);
  };

  const save = (value: { note: string; areas: typeof areas }, done: string) => {
    const toCheck = { sessionId, ...value };
    const checked = validateSessionNote(toCheck);
    if (!checked.ok) {
      setStatus({
        ok: false,
        text: checked.errors.map((e) => coreText(sessionNoteErrorMessage(e, toCheck))).join(' '),
      });
      return;
    }
    const res = record('register.set', sessionNoteWrite(checked.value));
    if (!res.ok) {
      setStatus({ ok: false, text: errorText(res.error) });
      return;
    }
    setEditing(false);
    setStatus({ ok: true, text: done });
  };

  if (!editing)
    return (
      <div className="session-note" data-testid="session-note">
        <h3 style={{ fontSize: '1rem', margin: '1rem 0 0.4rem' }}>{t('note.yours')}</h3>
        {note ? (
          <>
            {note.note && (
              <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: '0 0 0.4rem' }}>
                {note.note}
              </p>
            )}
            {note.areas.length > 0 && (
              <p className="muted" style={{ margin: 0 }}>
                {t('history.whereHurt', { areas: noteAreasLocalized(note.areas) })}
              </p>
            )}
          </>
        ) : (
          <p className="muted" style={{ margin: 0 }}>
            {t('note.none')}
          </p>
        )}
        <p className="actions" style={{ marginTop: '0.6rem' }}>
          <button type="button" className="secondary" onClick={open}>
            {note ? t('note.edit') : t('note.add')}
          </button>
          {status && (
            <span className={status.ok ? 'muted' : 'field-error'} role={status.ok ? 'status' : 'alert'}>
              {status.text}
            </span>
          )}
        </p>
      </div>
    );

  return (
    <form
      className="session-note"
      noValidate
      aria-labelledby={`${uid}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        save({ note: text, areas }, t('note.saved'));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setEditing(false);
        }
      }}
    >
      <h3 id={`${uid}-h`} style={{ fontSize: '1rem', margin: '1rem 0 0.4rem' }}>
        {note ? t('note.editTitle') : t('note.add')}
      </h3>
      <div className="field">
        <label htmlFor={`${uid}-text`}>{t('note.label')}</label>
        <textarea
          id={`${uid}-text`}
          rows={3}
          maxLength={SESSION_NOTE_MAX_LENGTH}
          value={text}
          style={textareaStyle}
          aria-invalid={noteErrors.length > 0}
          aria-describedby={`${uid}-count ${uid}-text-err`}
          onChange={(e) => {
            setText(e.target.value);
            setStatus(null);
          }}
        />
        <span id={`${uid}-count`} className="hint">
          {t('note.count', { count: text.length, max: SESSION_NOTE_MAX_LENGTH })}
        </span>
        <FieldError id={`${uid}-text-err`} messages={noteErrors} />
      </div>
      <fieldset>
        <legend>{t('note.where')}</legend>
        {NOTE_AREAS.map((area, i) => {
          const picked = picks[area];
          const areaErrors = errors.get(`areas.${areas.findIndex((a) => a.area === area)}`) ?? [];
          return (
            <div
              key={area}
              className="field"
              style={{ marginBottom: '0.6rem' }}
              data-testid={`note-area-${area}`}
            >
              <label>
                <input
                  type="checkbox"
                  checked={picked !== undefined}
                  onChange={(e) => {
                    setPicks((p) => {
                      const next = { ...p };
                      if (e.target.checked) next[area] = DEFAULT_SIDE[area];
                      else delete next[area];
                      return next;
                    });
                    setStatus(null);
                  }}
                />{' '}
                {areaText(area)}
              </label>
              {picked !== undefined && (
                <div
                  role="radiogroup"
                  aria-label={t('note.sideGroup', { area: areaText(area) })}
                  className="weekday-picker"
                >
                  {AREA_SIDES[area].map((side) => (
                    <label key={side} style={{ whiteSpace: 'nowrap' }}>
                      <input
                        type="radio"
                        name={`${uid}-side-${i}`}
                        value={side}
                        checked={picked === side}
                        style={radioStyle}
                        onChange={() => setPicks((p) => ({ ...p, [area]: side }))}
                      />
                      {t(SIDE_WORDS[side])}
                    </label>
                  ))}
                </div>
              )}
              <FieldError id={`${uid}-area-${i}-err`} messages={areaErrors} />
            </div>
          );
        })}
        <span className="hint">{t('note.middleHint')}</span>
      </fieldset>
      <p className="actions">
        <button type="submit">{t('note.save')}</button>
        <button type="button" className="secondary" onClick={() => setEditing(false)}>
          {t('dialog.cancel')}
        </button>
        {note && (
          <button
            type="button"
            className="secondary"
            onClick={() => save({ note: '', areas: [] }, t('note.removed'))}
          >
            {t('note.remove')}
          </button>
        )}
        {status && (
          <span className={status.ok ? 'muted' : 'field-error'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </span>
        )}
      </p>
    </form>
  );
}
