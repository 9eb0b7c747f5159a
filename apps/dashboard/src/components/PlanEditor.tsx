import { memo, useEffect, useId, useMemo, useState } from 'react';
import { type PlanSettings, PLAN_SETTINGS_KEY, personToday, type Routine, revisePlan } from '../core';
import { useAsOf, usePlan, usePreparedSessions } from '../hooks/useAdherence';
import { useRecord } from '../hooks/useSync';
import { routineNameOf } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { WeekdayPicker } from './WeekdayPicker';

export function knownZones(current: string): string[] {
  const supported =
    (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const zones = supported.includes('UTC') ? supported : ['UTC', ...supported];
  return zones.includes(current) ? zones : [current, ...zones];
}

/** Which routine is planned on which days, and the home zone adherence is counted in. */
export const PlanEditor = memo(function PlanEditor({ routines }: { routines: Routine[] }) {
  const plan = usePlan();
  const asOf = useAsOf();
  const sessions = usePreparedSessions();
  const record = useRecord();
  const [draft, setDraft] = useState<PlanSettings>(plan);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const uid = useId();
  const t = useT();
  const zones = useMemo(() => knownZones(draft.timeZone), [draft.timeZone]);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  useEffect(() => {
    if (!dirty) setDraft(plan);
  }, [plan, dirty]);

  const change = (patch: Partial<PlanSettings>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setStatus(null);
  };

  return (
    <section className="card" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>{t('plan.title')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // The core validates the value (same schema the server and watch use) before it is queued.
          // revisePlan keeps the plan's history: a change of days counts from today, never before
          // (the person's today: a day ahead of home after a session further east).
          const value = revisePlan(plan, draft, personToday(sessions, asOf));
          const res = record('register.set', { key: PLAN_SETTINGS_KEY, value });
          if (res.ok) {
            setDirty(false);
            setStatus({ ok: true, text: t('plan.saved') });
          } else setStatus({ ok: false, text: errorText(res.error) });
        }}
      >
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${uid}-routine`}>{t('plan.routine')}</label>
            <select
              id={`${uid}-routine`}
              value={draft.routineId}
              onChange={(e) => change({ routineId: e.target.value })}
            >
              {routines.map((r) => (
                <option key={r.id} value={r.id}>
                  {routineNameOf(r.id, r.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-tz`}>{t('plan.zone')}</label>
            <select
              id={`${uid}-tz`}
              value={draft.timeZone}
              onChange={(e) => change({ timeZone: e.target.value })}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            {draft.timeZone !== browserZone && (
              <button type="button" className="link" onClick={() => change({ timeZone: browserZone })}>
                {t('plan.useBrowserZone', { zone: browserZone })}
              </button>
            )}
          </div>
        </div>
        <WeekdayPicker legend={t('plan.days')} value={draft.days} onChange={(days) => change({ days })} />
        <div className="actions">
          <button type="submit" disabled={!dirty}>
            {t('plan.save')}
          </button>
        </div>
        {status && (
          <p className={status.ok ? 'muted' : 'field-error'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </p>
        )}
      </form>
    </section>
  );
});
