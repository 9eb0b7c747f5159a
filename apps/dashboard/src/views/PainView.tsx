import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { ProfessionalAdviceNotice } from '../components/ProfessionalAdviceNotice';
import { usePain, useDateRange } from '../hooks/useAdherence';
import { formatDay, formatNumber } from '../format';
import { safety } from '../i18n/core-text';
import { useT } from '../i18n/i18n';

const PAIN_PERIODS = [
  { days: 30, label: 'period.30' },
  { days: 90, label: 'period.90' },
  { days: 365, label: 'period.365' },
] as const;

const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 } as const;
const fmt = (n: number | null) => (n === null ? '—' : formatNumber(n, ONE_DECIMAL));

export default function PainView() {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const t = useT();
  const range = useDateRange(period);
  const { trend, advice } = usePain(range);
  const data = trend.days.map((d) => ({
    date: d.date,
    before: d.rollingBefore,
    after: d.rollingAfter,
  }));
  const drop = trend.averageDrop;
  // a line needs two points: a series with one value shows it as a dot
  const dotFor = (key: 'before' | 'after') =>
    data.filter((d) => d[key] !== null).length <= 1 ? { r: 4 } : false;

  return (
    <>
      <h1>{t('pain.title')}</h1>
      <p className="page-intro">{t('pain.intro')}</p>
      <ProfessionalAdviceNotice advice={advice} />
      <PeriodSelect value={period} onChange={setPeriod} options={PAIN_PERIODS} />
      <div className="grid">
        <section className="card" aria-labelledby="pb-h">
          <h2 id="pb-h">{t('pain.before')}</h2>
          <p className="stat">{fmt(trend.averageBefore)}</p>
          <p className="muted">{t('pain.average')}</p>
        </section>
        <section className="card" aria-labelledby="pa-h">
          <h2 id="pa-h">{t('pain.after')}</h2>
          <p className="stat">{fmt(trend.averageAfter)}</p>
          <p className="muted">{t('pain.average')}</p>
        </section>
        <section className="card" aria-labelledby="pd-h">
          <h2 id="pd-h">{t('pain.change')}</h2>
          <p className="stat" data-testid="pain-drop">
            {drop === null ? '—' : drop > 0 ? `−${fmt(drop)}` : `+${fmt(Math.abs(drop))}`}
          </p>
          <p className="muted">
            {drop === null
              ? t('pain.rateToSee')
              : drop > 0
                ? t('pain.eased', { count: trend.pairedSessions })
                : t('pain.notEased', { count: trend.pairedSessions })}
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="trend-h">
        <h2 id="trend-h">{t('pain.trend')}</h2>
        {trend.pairedSessions === 0 && trend.averageBefore === null ? (
          <p className="empty">{t('pain.empty')}</p>
        ) : (
          <div
            className="chart-box"
            role="img"
            aria-label={t('pain.chartLabel', {
              before: fmt(trend.averageBefore),
              after: fmt(trend.averageAfter),
            })}
          >
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
                <XAxis
                  dataKey="date"
                  tickFormatter={(d: string) => formatDay(d, 'dayMonth')}
                  minTickGap={28}
                  tick={{ fontSize: 12, fill: '#505b5a' }}
                />
                <YAxis domain={[0, 10]} tick={{ fontSize: 12, fill: '#505b5a' }} />
                <Tooltip
                  labelFormatter={(d) => formatDay(String(d), 'dayYear')}
                  formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v))}
                />
                <Legend />
                <Line
                  type="monotone"
                  dataKey="before"
                  name={t('pain.before')}
                  stroke="#a2322b"
                  strokeWidth={2}
                  dot={dotFor('before')}
                  connectNulls
                  isAnimationActive={false}
                />
                <Line
                  type="monotone"
                  dataKey="after"
                  name={t('pain.after')}
                  stroke="#2f6f62"
                  strokeWidth={2}
                  strokeDasharray="6 3"
                  dot={dotFor('after')}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>
      <p className="muted">{safety().stopOnSharpPain.long}</p>
    </>
  );
}
