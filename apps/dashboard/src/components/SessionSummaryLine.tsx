import type { SessionRecord } from '../core';
import { formatDuration, formatWhen } from '../format';

export function painChange(r: SessionRecord): string {
  if (r.painBefore === null && r.painAfter === null) return 'not rated';
  const b = r.painBefore === null ? '–' : String(r.painBefore);
  const a = r.painAfter === null ? '–' : String(r.painAfter);
  return `${b} → ${a}`;
}

/** The facts of one session; `showWhen` is off where the date is already the row's heading. */
export function SessionFacts({ record, showWhen = true }: { record: SessionRecord; showWhen?: boolean }) {
  return (
    <dl className="facts">
      {showWhen && (
        <>
          <dt>When</dt>
          <dd>{formatWhen(record.startedAt, record.utcOffsetMinutes)}</dd>
        </>
      )}
      <dt>Length</dt>
      <dd>{formatDuration(record.endedAt - record.startedAt)}</dd>
      <dt>Pain before → after</dt>
      <dd>{painChange(record)}</dd>
      <dt>Started</dt>
      <dd>{record.trigger === 'nudge' ? 'from a nudge' : 'by you'}</dd>
      <dt>Device</dt>
      <dd>{record.deviceId}</dd>
    </dl>
  );
}
