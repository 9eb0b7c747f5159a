import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { useDateRange, useNudgeResponse } from '../hooks/useAdherence';
import { percent } from '../format';

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

export default function NudgesView() {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const range = useDateRange(period);
  const n = useNudgeResponse(range);
  const data = n.byHour.map((h) => ({ hour: hourLabel(h.hour), shown: h.shown, started: h.started }));

  return (
    <>
      <h1>Nudges</h1>
      <p className="page-intro">What happened when your watch suggested a break.</p>
      <PeriodSelect value={period} onChange={setPeriod} />
      <div className="grid">
        <section className="card" aria-labelledby="rr-h">
          <h2 id="rr-h">Response rate</h2>
          <p className="stat" data-testid="response-rate">
            {percent(n.responseRate)}
          </p>
          <p className="muted">of nudges led to a break</p>
        </section>
        <section className="card" aria-labelledby="counts-h">
          <h2 id="counts-h">What you did</h2>
          <dl className="facts">
            <dt>Shown</dt>
            <dd data-testid="nudges-shown">{n.shown}</dd>
            <dt>Took a break</dt>
            <dd>{n.started}</dd>
            <dt>Snoozed</dt>
            <dd>{n.snoozed}</dd>
            <dt>Dismissed</dt>
            <dd>{n.dismissed}</dd>
            <dt>No answer</dt>
            <dd>{n.ignored}</dd>
            {n.pending > 0 && (
              <>
                <dt>Waiting now</dt>
                <dd>{n.pending}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="best-h">
          <h2 id="best-h">Best hours</h2>
          {n.bestHours.length > 0 ? (
            <p className="stat" style={{ fontSize: '1.4rem' }}>
              {n.bestHours.map(hourLabel).join(', ')}
            </p>
          ) : (
            <p className="muted">Not enough nudges yet to tell.</p>
          )}
          <p className="muted">when a nudge most often turned into a break</p>
        </section>
      </div>
      <section className="card" aria-labelledby="byhour-h">
        <h2 id="byhour-h">By hour of day</h2>
        <div
          className="chart-box"
          role="img"
          aria-label={`Nudges by hour. ${n.byHour
            .filter((h) => h.shown > 0)
            .map((h) => `${hourLabel(h.hour)}: ${h.started} of ${h.shown} led to a break`)
            .join('; ')}`}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: -20 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
              <XAxis dataKey="hour" interval={2} tick={{ fontSize: 11, fill: '#505b5a' }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#505b5a' }} />
              <Tooltip />
              <Bar dataKey="shown" name="Shown" fill="#93c6b4" isAnimationActive={false} />
              <Bar dataKey="started" name="Took a break" fill="#2f6f62" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
    </>
  );
}
