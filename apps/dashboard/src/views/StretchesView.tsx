import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { CATALOG, type MeasureCompliance, type SkipStat, type Stretch } from '../core';
import { useDateRange, useStretchStats } from '../hooks/useAdherence';
import { formatNumber, percent } from '../format';
import { localizeStretch } from '../i18n/core-catalog';
import { t as tr, useT } from '../i18n/i18n';
import { Tx } from '../i18n/Tx';
import { Meter } from '../components/Meter';
import { StretchPicture } from '../components/StretchPicture';

/** an amount of the measure in words: "45 s" or "12 reps" */
const amount = (n: number, unit: 's' | 'reps') =>
  unit === 's'
    ? tr('unit.seconds', { n: formatNumber(Math.round(n)) })
    : tr('unit.reps', { n: Math.round(n) });

function MeasureLine({ label, m, unit }: { label: string; m: MeasureCompliance; unit: 's' | 'reps' }) {
  const pct = Math.round(m.ratio * 100);
  const t = useT();
  return (
    <div>
      <p>
        <Tx
          id="stretches.measure"
          values={{
            label,
            percent: percent(m.ratio),
            achieved: formatNumber(Math.round(m.achieved)),
            target: amount(m.target, unit),
          }}
          components={{ 0: <strong /> }}
        />
      </p>
      <Meter label={label} percent={pct} />
      <p className="muted">
        {t('stretches.reached', { percent: percent(m.compliantShare), count: m.results })}
      </p>
      {m.unobserved > 0 && (
        <p className="muted" data-testid="unobserved-time">
          {t('stretches.unobserved', { amount: amount(m.unobserved, unit) })}
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
  const t = useT();
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`stretch-card-${stretch.id}`}>
      <h2 id={headingId}>{stretch.name}</h2>
      <StretchPicture stretchId={stretch.id} />
      <p className="muted">{t('stretches.works', { muscles: stretch.targetMuscles.join(', ') })}</p>
      {hold && <MeasureLine label={t('stretches.hold')} m={hold} unit="s" />}
      {reps && <MeasureLine label={t('stretches.reps')} m={reps} unit="reps" />}
      {!hold && !reps && <p className="muted">{t('stretches.notDone')}</p>}
      <p>
        <strong>{t('stretches.skipped')}</strong>{' '}
        {skip && skip.rate !== null
          ? t('stretches.skipValue', {
              percent: percent(skip.rate),
              skipped: skip.skipped,
              results: skip.results,
            })
          : '—'}
      </p>
      <details>
        <summary>{t('stretches.how')}</summary>
        <p>{stretch.description}</p>
        <ol>
          <li>{stretch.setup}</li>
          {stretch.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <p>
          <strong>{t('stretches.why')}</strong> {stretch.whyItHelps}
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
  const t = useT();
  const stretches = CATALOG.map(localizeStretch);
  const chart = stretches.map((s) => {
    const c = compliance.find((x) => x.stretchId === s.id);
    const m = c?.hold ?? c?.reps ?? null;
    return { name: s.shortName, compliance: m ? Math.round(m.ratio * 100) : 0 };
  });

  return (
    <>
      <h1>{t('stretches.title')}</h1>
      <p className="page-intro">{t('stretches.intro')}</p>
      <PeriodSelect value={period} onChange={setPeriod} />
      <section className="card" aria-labelledby="cmp-h">
        <h2 id="cmp-h">{t('stretches.held')}</h2>
        <p className="muted">
          {t('stretches.overallSkip', { percent: percent(skips.overall.rate), count: skips.overall.results })}
        </p>
        <div
          className="chart-box"
          role="img"
          aria-label={chart
            .map((c) => t('stretches.chartItem', { name: c.name, percent: percent(c.compliance / 100) }))
            .join(', ')}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
              <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#505b5a' }} interval={0} />
              <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: '#505b5a' }} />
              <Tooltip formatter={(v) => [percent(Number(v) / 100), t('stretches.ofTarget')]} />
              <Bar dataKey="compliance" fill="#2f6f62" radius={[6, 6, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <div className="grid">
        {stretches.map((s) => {
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
