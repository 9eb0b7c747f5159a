import { useEffect, useId, useMemo, useState } from 'react';
import { errorsByPath, FieldError } from '../components/FieldError';
import { WeekdayPicker } from '../components/WeekdayPicker';
import {
  DEFAULT_ROUTINE_REMINDER,
  isOvernightWindow,
  type ReminderSettings,
  REMINDER_SETTINGS_KEY,
  validateReminderEdit,
} from '../core';
import { usePlan, useReminderSettings } from '../hooks/useAdherence';
import { useRecord } from '../hooks/useSync';
import { formatMinuteOfDay } from '../format';
import { errorText } from '../i18n/errors';
import { useT } from '../i18n/i18n';

/** The editor holds numbers as typed (null when empty) so the core can report what is wrong. */
type Draft = Omit<
  ReminderSettings,
  'stillThresholdMinutes' | 'snoozeMinutes' | 'dailyCap' | 'movingStepsPerMinute'
> & {
  stillThresholdMinutes: number | null;
  snoozeMinutes: number | null;
  dailyCap: number | null;
  movingStepsPerMinute: number | null;
};

const toMinute = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m) ? Number.NaN : h * 60 + m;
};
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

function TimeField({
  id,
  label,
  minute,
  onChange,
  errors,
}: {
  id: string;
  label: string;
  minute: number;
  onChange: (m: number) => void;
  errors: string[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="time"
        value={Number.isFinite(minute) ? formatMinuteOfDay(minute) : ''}
        aria-invalid={errors.length > 0}
        aria-describedby={`${id}-err`}
        onChange={(e) => onChange(toMinute(e.target.value))}
      />
      <FieldError id={`${id}-err`} messages={errors} />
    </div>
  );
}

export default function RemindersEditorView() {
  const saved = useReminderSettings();
  const plan = usePlan();
  const record = useRecord();
  const [draft, setDraft] = useState<Draft>(saved);
  const [dirty, setDirty] = useState(false);
  // "Overnight" is the person's choice; a stored window that ends before it starts is overnight
  const [overnight, setOvernight] = useState(() => isOvernightWindow(saved.activeHours));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const uid = useId();
  const t = useT();

  useEffect(() => {
    if (!dirty) {
      setDraft(saved);
      setOvernight(isOvernightWindow(saved.activeHours));
    }
  }, [saved, dirty]);

  const validation = useMemo(
    () => validateReminderEdit(draft, { overnight, plannedDays: plan.days }),
    [draft, overnight, plan.days],
  );
  const routineReminder = draft.routineReminder ?? DEFAULT_ROUTINE_REMINDER;
  const byPath = errorsByPath(validation.ok ? [] : validation.errors);
  const err = (p: string) => byPath.get(p) ?? [];

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setStatus(null);
  };

  function numberField(
    key: 'stillThresholdMinutes' | 'snoozeMinutes' | 'dailyCap' | 'movingStepsPerMinute',
    label: string,
    hint: string,
  ) {
    const id = `${uid}-${key}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          value={draft[key] ?? ''}
          aria-invalid={err(key).length > 0}
          aria-describedby={`${id}-hint ${id}-err`}
          onChange={(e) => change({ [key]: numberOrNull(e.target.value) })}
        />
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
        <FieldError id={`${id}-err`} messages={err(key)} />
      </div>
    );
  }

  return (
    <>
      <h1>{t('reminders.title')}</h1>
      <p className="page-intro">{t('reminders.intro')}</p>
      <form
        className="card"
        noValidate
        aria-labelledby={`${uid}-h`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!validation.ok) {
            setStatus({ ok: false, text: t('routine.fixFirst') });
            return;
          }
          const res = record('register.set', { key: REMINDER_SETTINGS_KEY, value: validation.value });
          if (res.ok) {
            setDirty(false);
            setStatus({ ok: true, text: t('routine.saved') });
          } else setStatus({ ok: false, text: errorText(res.error) });
        }}
      >
        <h2 id={`${uid}-h`}>{t('reminders.breaks')}</h2>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => change({ enabled: e.target.checked })}
            />{' '}
            {t('reminders.enabled')}
          </label>
        </div>
        <fieldset>
          <legend>{t('reminders.activeHours')}</legend>
          <div className="inline-fields">
            <TimeField
              id={`${uid}-start`}
              label={t('setup.from')}
              minute={draft.activeHours.startMinute}
              errors={err('activeHours.startMinute')}
              onChange={(m) => change({ activeHours: { ...draft.activeHours, startMinute: m } })}
            />
            <TimeField
              id={`${uid}-end`}
              label={t('setup.until')}
              minute={draft.activeHours.endMinute}
              errors={err('activeHours.endMinute')}
              onChange={(m) => change({ activeHours: { ...draft.activeHours, endMinute: m } })}
            />
          </div>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={overnight}
                aria-describedby={`${uid}-overnight-hint`}
                onChange={(e) => {
                  setOvernight(e.target.checked);
                  setDirty(true);
                  setStatus(null);
                }}
              />{' '}
              {t('reminders.overnight')}
            </label>
            <span id={`${uid}-overnight-hint`} className="hint">
              {t('reminders.overnightHint')}
            </span>
          </div>
        </fieldset>
        <WeekdayPicker
          legend={t('reminders.activeDays')}
          value={draft.activeDays}
          onChange={(activeDays) => change({ activeDays })}
          invalid={err('activeDays').length > 0}
          errorId={`${uid}-days-err`}
        />
        <FieldError id={`${uid}-days-err`} messages={err('activeDays')} />
        <div className="inline-fields">
          {numberField(
            'stillThresholdMinutes',
            t('reminders.still'),
            t('reminders.stillHint', { min: 15, max: 240 }),
          )}
          {numberField(
            'snoozeMinutes',
            t('reminders.snooze'),
            t('reminders.stillHint', { min: 5, max: 120 }),
          )}
          {numberField('dailyCap', t('reminders.cap'), t('reminders.capHint', { min: 0, max: 24 }))}
          {numberField('movingStepsPerMinute', t('reminders.moving'), '1–200')}
        </div>
        <fieldset>
          <legend>{t('reminders.quiet')}</legend>
          {draft.quietPeriods.length === 0 && <p className="muted">{t('reminders.quietNone')}</p>}
          {draft.quietPeriods.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: quiet periods have no identity besides their position
            <div className="inline-fields" key={i}>
              <TimeField
                id={`${uid}-q${i}-start`}
                label={t('reminders.quietFrom', { n: i + 1 })}
                minute={q.startMinute}
                errors={err(`quietPeriods.${i}.startMinute`)}
                onChange={(m) =>
                  change({
                    quietPeriods: draft.quietPeriods.map((x, j) => (j === i ? { ...x, startMinute: m } : x)),
                  })
                }
              />
              <TimeField
                id={`${uid}-q${i}-end`}
                label={t('reminders.quietUntil')}
                minute={q.endMinute}
                errors={err(`quietPeriods.${i}.endMinute`)}
                onChange={(m) =>
                  change({
                    quietPeriods: draft.quietPeriods.map((x, j) => (j === i ? { ...x, endMinute: m } : x)),
                  })
                }
              />
              <div className="field" style={{ justifyContent: 'flex-end' }}>
                <button
                  type="button"
                  className="danger"
                  aria-label={t('reminders.quietRemove', { n: i + 1 })}
                  onClick={() => change({ quietPeriods: draft.quietPeriods.filter((_, j) => j !== i) })}
                >
                  {t('reminders.remove')}
                </button>
              </div>
            </div>
          ))}
          <FieldError id={`${uid}-quiet-err`} messages={err('quietPeriods')} />
          <button
            type="button"
            className="secondary"
            onClick={() =>
              change({ quietPeriods: [...draft.quietPeriods, { startMinute: 12 * 60, endMinute: 13 * 60 }] })
            }
          >
            {t('reminders.quietAdd')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('reminders.routine')}</legend>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={routineReminder.enabled}
                aria-describedby={`${uid}-routine-hint`}
                onChange={(e) =>
                  change({ routineReminder: { ...routineReminder, enabled: e.target.checked } })
                }
              />{' '}
              {t('reminders.routineEnabled')}
            </label>
            <span id={`${uid}-routine-hint`} className="hint">
              {t('reminders.routineHint')}
            </span>
          </div>
          <TimeField
            id={`${uid}-routine-time`}
            label={t('reminders.routineAt')}
            minute={routineReminder.minute}
            errors={[...err('routineReminder.minute'), ...err('routineReminder')]}
            onChange={(m) => change({ routineReminder: { ...routineReminder, minute: m } })}
          />
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={!dirty}>
            {t('reminders.save')}
          </button>
        </div>
        {status && (
          <p
            className={status.ok ? 'muted' : 'field-error'}
            role={status.ok ? 'status' : 'alert'}
            data-testid="reminder-status"
          >
            {status.text}
          </p>
        )}
      </form>
    </>
  );
}
