import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { CATALOG, type MeasureCompliance, type SkipStat, type Stretch } from '../core';
import { useDateRange, useStretchStats } from '../hooks/useAdherence';
import { percent } from '../format';
import { Meter } from '../components/Meter';
import { StretchPicture } from '../components/StretchPicture';

function MeasureLine({ label, m, unit }: { label: string; m: MeasureCompliance; unit: string }) {
  const pct = Math.round(m.ratio * 100);
  return (
    <div>
      <p>
        <strong>{label}:</strong> {pct} % of target ({Math.round(m.achieved)} of {m.target} {unit})
      </p>
      <Meter label={label} percent={pct} />
      <p className="muted">
        Reached the target in {percent(m.compliantShare)} of {m.results} {m.results === 1 ? 'try' : 'tries'}.
      </p>
      {m.unobserved > 0 && (
        <p className="muted" data-testid="unobserved-time">
          Not counted: {Math.round(m.unobserved)} {unit} that ran out while the watch screen was off or the
          app was closed.
        </p>
      )}
    </div>
  );
}

function StretchCard({
  stretch,
  hold,
  reps,
  skip,
}: {
  stretch: Stretch;
  hold: MeasureCompliance | null;
  reps: MeasureCompliance | null;
  skip: SkipStat | undefined;
}) {
  const headingId = `stretch-${stretch.id}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`stretch-card-${stretch.id}`}>
      <h2 id={headingId}>{stretch.name}</h2>
      <StretchPicture stretchId={stretch.id} />
      <p className="muted">Works: {stretch.targetMuscles.join(', ')}</p>
      {hold && <MeasureLine label="Hold time" m={hold} unit="s" />}
      {reps && <MeasureLine label="Reps" m={reps} unit="reps" />}
      {!hold && !reps && <p className="muted">Not done in this period.</p>}
      <p>
        <strong>Skipped:</strong>{' '}
        {skip && skip.rate !== null ? `${percent(skip.rate)} (${skip.skipped} of ${skip.results})` : '—'}
      </p>
      <details>
        <summary>How to do it, and why it helps</summary>
        <p>{stretch.description}</p>
        <ol>
          <li>{stretch.setup}</li>
          {stretch.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <p>
          <strong>Why it helps:</strong> {stretch.whyItHelps}
        </p>
        <ul className="muted">
          {stretch.cautions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export default function StretchesView() {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const range = useDateRange(period);
  const { compliance, skips } = useStretchStats(range);
  const chart = CATALOG.map((s) => {
    const c = compliance.find((x) => x.stretchId === s.id);
    const m = c?.hold ?? c?.reps ?? null;
    return { name: s.shortName, compliance: m ? Math.round(m.ratio * 100) : 0 };
  });

  return (
    <>
      <h1>Stretches</h1>
      <p className="page-intro">How fully each stretch was held, and how often it was skipped.</p>
      <PeriodSelect value={period} onChange={setPeriod} />
      <section className="card" aria-labelledby="cmp-h">
        <h2 id="cmp-h">Held vs target</h2>
        <p className="muted">
          Overall skip rate: {percent(skips.overall.rate)} of {skips.overall.results} stretch results.
        </p>
        <div
          className="chart-box"
          role="img"
          aria-label={chart.map((c) => `${c.name} ${c.compliance}%`).join(', ')}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
              <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#505b5a' }} interval={0} />
              <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: '#505b5a' }} />
              <Tooltip formatter={(v) => [`${String(v)} %`, 'of target']} />
              <Bar dataKey="compliance" fill="#2f6f62" radius={[6, 6, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <div className="grid">
        {CATALOG.map((s) => {
          const c = compliance.find((x) => x.stretchId === s.id);
          return (
            <StretchCard
              key={s.id}
              stretch={s}
              hold={c?.hold ?? null}
              reps={c?.reps ?? null}
              skip={skips.byStretch.find((x) => x.stretchId === s.id)}
            />
          );
        })}
      </div>
    </>
  );
}
