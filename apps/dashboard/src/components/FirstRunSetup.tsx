import { useId, useMemo, useState } from 'react';
import {
  firstRunSettings,
  firstRunTimeZone,
  needsFirstRunSetup,
  PLAN_SETTINGS_KEY,
  REMINDER_SETTINGS_KEY,
  todayOf,
} from '../core';
import { formatMinuteOfDay } from '../format';
import { routineNameOf } from '../i18n/core-text';
import { useT } from '../i18n/i18n';
import { useAsOf, usePlan, useReminderSettings, useRoutines } from '../hooks/useAdherence';
import { useConnection, useRecord, useSyncContext, useSyncState } from '../hooks/useSync';
import { errorsByPath, FieldError } from './FieldError';
import { knownZones } from './PlanEditor';
import { WeekdayPicker } from './WeekdayPicker';

/** Skipping is remembered by this browser only; finishing saves the plan for every device. */
export const firstRunSkippedKey = (deviceId: string) => `unknot.firstRunSkipped.${deviceId}`;

const toMinute = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m) ? Number.NaN : h * 60 + m;
};

/**
 * The first-run setup on the Overview: time zone (from the browser), planned days, the daily routine
 * and the reminder window. Offered once the first sync is done and while the account has no saved
 * plan (core `needsFirstRunSetup`), unless this browser skipped it. Everything stays changeable
 * under Routine and Reminders.
 */
export default function FirstRunSetup() {
  const state = useSyncState();
  const { replica } = useSyncContext();
  const { lastSyncedAt } = useConnection();
  const skippedKey = firstRunSkippedKey(replica.deviceId);
  const [skipped, setSkipped] = useState(() => localStorage.getItem(skippedKey) === '1');
  const [done, setDone] = useState(false);
  const needed = needsFirstRunSetup(state);
  const t = useT();
  if (done)
    return (
      <p className="card" role="status" data-testid="first-run-done">
        {t('setup.done')}
      </p>
    );
  // wait for the first sync: another device may have set the plan already
  if (!needed || skipped || lastSyncedAt === null) return null;
  return (
    <SetupForm
      onDone={() => setDone(true)}
      onSkip={() => {
        localStorage.setItem(skippedKey, '1');
        setSkipped(true);
      }}
    />
  );
}

function SetupForm({ onDone, onSkip }: { onDone: () => void; onSkip: () => void }) {
  const plan = usePlan();
  const reminders = useReminderSettings();
  const routines = useRoutines();
  const asOf = useAsOf();
  const record = useRecord();
  const uid = useId();
  const t = useT();
  const browserZone = firstRunTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const zones = useMemo(() => knownZones(browserZone), [browserZone]);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [days, setDays] = useState<number[]>([...plan.days]);
  const [routineId, setRoutineId] = useState(plan.routineId);
  const [hours, setHours] = useState(reminders.activeHours);
  const [overnight, setOvernight] = useState(hours.endMinute < hours.startMinute);
  const [tried, setTried] = useState(false);

  const result = firstRunSettings(
    { timeZone, days, routineId, reminderWindow: hours, overnight },
    reminders,
    todayOf(asOf),
    routines.map((r) => r.routine.id),
  );
  const byPath = errorsByPath(tried && !result.ok ? result.problems : []);
  const err = (p: string) => byPath.get(p) ?? [];
  const endErr = [...err('reminders.activeHours.endMinute'), ...err('reminders.activeHours.startMinute')];

  return (
    <section className="card first-run" aria-labelledby={`${uid}-h`} data-testid="first-run">
      <h2 id={`${uid}-h`}>{t('setup.title')}</h2>
      <p className="muted">{t('setup.intro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!result.ok) return;
          const a = record('register.set', { key: PLAN_SETTINGS_KEY, value: result.plan });
          const b = a.ok
            ? record('register.set', { key: REMINDER_SETTINGS_KEY, value: result.reminders })
            : a;
          if (a.ok && b.ok) onDone();
        }}
      >
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${uid}-tz`}>{t('setup.zone')}</label>
            <select
              id={`${uid}-tz`}
              value={timeZone}
              aria-describedby={`${uid}-tz-hint`}
              onChange={(e) => setTimeZone(e.target.value)}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <span id={`${uid}-tz-hint`} className="hint">
              {t('setup.zoneHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-routine`}>{t('setup.routine')}</label>
            <select id={`${uid}-routine`} value={routineId} onChange={(e) => setRoutineId(e.target.value)}>
              {routines.map((r) => (
                <option key={r.routine.id} value={r.routine.id}>
                  {routineNameOf(r.routine.id, r.routine.name)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <WeekdayPicker
          legend={t('setup.days')}
          value={days}
          onChange={setDays}
          invalid={err('days').length > 0}
          errorId={`${uid}-days-err`}
        />
        <FieldError id={`${uid}-days-err`} messages={err('days')} />
        <fieldset>
          <legend>{t('setup.window')}</legend>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor={`${uid}-from`}>{t('setup.from')}</label>
              <input
                id={`${uid}-from`}
                type="time"
                value={Number.isFinite(hours.startMinute) ? formatMinuteOfDay(hours.startMinute) : ''}
                onChange={(e) => setHours({ ...hours, startMinute: toMinute(e.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${uid}-until`}>{t('setup.until')}</label>
              <input
                id={`${uid}-until`}
                type="time"
                value={Number.isFinite(hours.endMinute) ? formatMinuteOfDay(hours.endMinute) : ''}
                aria-invalid={endErr.length > 0}
                aria-describedby={`${uid}-until-err`}
                onChange={(e) => setHours({ ...hours, endMinute: toMinute(e.target.value) })}
              />
              <FieldError id={`${uid}-until-err`} messages={endErr} />
            </div>
          </div>
          <div className="field">
            <label>
              <input type="checkbox" checked={overnight} onChange={(e) => setOvernight(e.target.checked)} />{' '}
              {t('setup.overnight')}
            </label>
          </div>
        </fieldset>
        <FieldError id={`${uid}-other-err`} messages={[...err('timeZone'), ...err('routineId')]} />
        <div className="actions">
          <button type="submit">{t('setup.save')}</button>
          <button type="button" className="link" onClick={onSkip}>
            {t('setup.skip')}
          </button>
        </div>
      </form>
    </section>
  );
}
