import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { ProfessionalAdviceNotice } from '../components/ProfessionalAdviceNotice';
import { SAFETY } from '../core';
import { usePain, useDateRange } from '../hooks/useAdherence';
import { formatDay } from '../format';

const PAIN_PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;

const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(1));

export default function PainView() {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const range = useDateRange(period);
  const { trend, advice } = usePain(range);
  const data = trend.days.map((d) => ({
    date: d.date,
    before: d.rollingBefore,
    after: d.rollingAfter,
  }));
  const drop = trend.averageDrop;
  const rated = `over ${trend.pairedSessions} rated ${trend.pairedSessions === 1 ? 'session' : 'sessions'}`;
  // a line needs two points: a series with one value shows it as a dot
  const dotFor = (key: 'before' | 'after') =>
    data.filter((d) => d[key] !== null).length <= 1 ? { r: 4 } : false;

  return (
    <>
      <h1>Pain</h1>
      <p className="page-intro">How your back felt before and after stretching (0 = no pain, 10 = worst).</p>
      <ProfessionalAdviceNotice advice={advice} />
      <PeriodSelect value={period} onChange={setPeriod} options={PAIN_PERIODS} />
      <div className="grid">
        <section className="card" aria-labelledby="pb-h">
          <h2 id="pb-h">Before</h2>
          <p className="stat">{fmt(trend.averageBefore)}</p>
          <p className="muted">average rating</p>
        </section>
        <section className="card" aria-labelledby="pa-h">
          <h2 id="pa-h">After</h2>
          <p className="stat">{fmt(trend.averageAfter)}</p>
          <p className="muted">average rating</p>
        </section>
        <section className="card" aria-labelledby="pd-h">
          <h2 id="pd-h">Change</h2>
          <p className="stat" data-testid="pain-drop">
            {drop === null ? '—' : drop > 0 ? `−${drop.toFixed(1)}` : `+${Math.abs(drop).toFixed(1)}`}
          </p>
          <p className="muted">
            {drop === null
              ? 'Rate before and after a session to see this.'
              : drop > 0
                ? `eased on average, ${rated}`
                : `no easing on average, ${rated}`}
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="trend-h">
        <h2 id="trend-h">Trend (7-day average)</h2>
        {trend.pairedSessions === 0 && trend.averageBefore === null ? (
          <p className="empty">No pain ratings in this period yet.</p>
        ) : (
          <div
            className="chart-box"
            role="img"
            aria-label={`Pain before stretching averaged ${fmt(trend.averageBefore)}, after ${fmt(trend.averageAfter)}.`}
          >
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
                <XAxis
                  dataKey="date"
                  tickFormatter={(d: string) => formatDay(d, 'd MMM')}
                  minTickGap={28}
                  tick={{ fontSize: 12, fill: '#505b5a' }}
                />
                <YAxis domain={[0, 10]} tick={{ fontSize: 12, fill: '#505b5a' }} />
                <Tooltip
                  labelFormatter={(d) => formatDay(String(d), 'EEE d MMM yyyy')}
                  formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))}
                />
                <Legend />
                <Line
                  type="monotone"
                  dataKey="before"
                  name="Before"
                  stroke="#a2322b"
                  strokeWidth={2}
                  dot={dotFor('before')}
                  connectNulls
                  isAnimationActive={false}
                />
                <Line
                  type="monotone"
                  dataKey="after"
                  name="After"
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
      <p className="muted">{SAFETY.stopOnSharpPain.long}</p>
    </>
  );
}
