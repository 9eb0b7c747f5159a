import type { SessionRecord } from '../core';
import { formatDuration, formatWhen } from '../format';
import { useDeviceNames } from '../hooks/useDeviceNames';
import { t, useT } from '../i18n/i18n';

export function painChange(r: SessionRecord): string {
  if (r.painBefore === null && r.painAfter === null) return t('session.notRated');
  const b = r.painBefore === null ? '–' : String(r.painBefore);
  const a = r.painAfter === null ? '–' : String(r.painAfter);
  return `${b} → ${a}`;
}

/** The facts of one session; `showWhen` is off where the date is already the row's heading. */
export function SessionFacts({ record, showWhen = true }: { record: SessionRecord; showWhen?: boolean }) {
  const t = useT();
  const names = useDeviceNames();
  return (
    <dl className="facts">
      {showWhen && (
        <>
          <dt>{t('session.when')}</dt>
          <dd>{formatWhen(record.startedAt, record.utcOffsetMinutes)}</dd>
        </>
      )}
      <dt>{t('session.length')}</dt>
      <dd>{formatDuration(record.endedAt - record.startedAt)}</dd>
      <dt>{t('session.painChange')}</dt>
      <dd>{painChange(record)}</dd>
      <dt>{t('session.started')}</dt>
      <dd>{record.trigger === 'nudge' ? t('session.fromNudge') : t('session.byYou')}</dd>
      <dt>{t('session.device')}</dt>
      {/* the device's name once the list came; its id meanwhile, offline, or once it was removed */}
      <dd>{names.get(record.deviceId) ?? record.deviceId}</dd>
    </dl>
  );
}
