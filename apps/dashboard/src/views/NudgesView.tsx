import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PeriodSelect, type PeriodDays } from '../components/PeriodSelect';
import { useDateRange, useNudgeResponse } from '../hooks/useAdherence';
import { minuteOfDayText, percent } from '../format';
import { useT } from '../i18n/i18n';

const hourLabel = (h: number) => minuteOfDayText(h * 60);

export default function NudgesView() {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const t = useT();
  const range = useDateRange(period);
  const n = useNudgeResponse(range);
  const data = n.byHour.map((h) => ({ hour: hourLabel(h.hour), shown: h.shown, started: h.started }));

  return (
    <>
      <h1>{t('nudges.title')}</h1>
      <p className="page-intro">{t('nudges.intro')}</p>
      <PeriodSelect value={period} onChange={setPeriod} />
      <div className="grid">
        <section className="card" aria-labelledby="rr-h">
          <h2 id="rr-h">{t('nudges.rate')}</h2>
          <p className="stat" data-testid="response-rate">
            {percent(n.responseRate)}
          </p>
          <p className="muted">{t('nudges.rateHint')}</p>
        </section>
        <section className="card" aria-labelledby="counts-h">
          <h2 id="counts-h">{t('nudges.what')}</h2>
          <dl className="facts">
            <dt>{t('nudges.shown')}</dt>
            <dd data-testid="nudges-shown">{n.shown}</dd>
            <dt>{t('nudges.took')}</dt>
            <dd>{n.started}</dd>
            <dt>{t('nudges.snoozed')}</dt>
            <dd>{n.snoozed}</dd>
            <dt>{t('nudges.dismissed')}</dt>
            <dd>{n.dismissed}</dd>
            <dt>{t('nudges.noAnswer')}</dt>
            <dd>{n.ignored}</dd>
            {n.pending > 0 && (
              <>
                <dt>{t('nudges.waiting')}</dt>
                <dd>{n.pending}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="best-h">
          <h2 id="best-h">{t('nudges.best')}</h2>
          {n.bestHours.length > 0 ? (
            <p className="stat" style={{ fontSize: '1.4rem' }}>
              {n.bestHours.map(hourLabel).join(', ')}
            </p>
          ) : (
            <p className="muted">{t('nudges.notEnough')}</p>
          )}
          <p className="muted">{t('nudges.bestHint')}</p>
        </section>
      </div>
      <section className="card" aria-labelledby="byhour-h">
        <h2 id="byhour-h">{t('nudges.byHour')}</h2>
        <div
          className="chart-box"
          role="img"
          aria-label={t('nudges.chartLabel', {
            hours: n.byHour
              .filter((h) => h.shown > 0)
              .map((h) =>
                t('nudges.chartItem', { hour: hourLabel(h.hour), started: h.started, shown: h.shown }),
              )
              .join('; '),
          })}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: -20 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dedad1" />
              <XAxis dataKey="hour" interval={2} tick={{ fontSize: 11, fill: '#505b5a' }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#505b5a' }} />
              <Tooltip />
              <Bar dataKey="shown" name={t('nudges.shown')} fill="#93c6b4" isAnimationActive={false} />
              <Bar dataKey="started" name={t('nudges.took')} fill="#2f6f62" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
    </>
  );
}
