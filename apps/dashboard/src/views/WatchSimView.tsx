import { type MouseEvent, useCallback, useEffect, useId, useRef, useState, type WheelEvent } from 'react';
import { useAuth } from '../auth/auth-context';
import { formatInstant } from '../format';
import { t as tr, useT } from '../i18n/i18n';
import { fetchSimInfo, type SimInfo, simFetch } from './sim-info';

export { fetchSimInfo, type SimInfo, type SimTarget, useSimAvailable } from './sim-info';

/**
 * The simulated watch of `npm start` (tests/system): its live screen, clickable. The system harness
 * serves it under /sim on the dashboard's origin; a plain server has no /sim, and then neither the
 * nav item nor this page's content appear.
 */

const POLL_MS = 400;

const pageName = (page: string | null) =>
  page ? page.replace(/^page\//, '').replace(/\/index$/, '') : tr('watch.closedPage');

export default function WatchSimView({ pollMs = POLL_MS }: { pollMs?: number }) {
  const { state } = useAuth();
  const getToken = state.status === 'signedIn' ? state.getToken : null;
  const [info, setInfo] = useState<SimInfo | null>(null);
  const [screenUrl, setScreenUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const lastSvg = useRef('');
  const lastWheel = useRef(0);
  const uid = useId();
  const t = useT();

  const refresh = useCallback(async () => {
    if (!getToken) return;
    const [next, svgRes] = await Promise.all([
      fetchSimInfo(getToken),
      simFetch(getToken, '/sim/screen.svg').catch(() => null),
    ]);
    setChecked(true);
    if (!next || !svgRes?.ok) {
      setProblem(next ? t('watch.screenFailed') : t('watch.notAnswering'));
      return;
    }
    const svg = await svgRes.text();
    setInfo(next);
    setProblem(null);
    if (svg !== lastSvg.current) {
      lastSvg.current = svg;
      setScreenUrl(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
    }
  }, [getToken, t]);

  // Poll while the tab is visible; a finished request schedules the next one (never piles up).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const loop = async () => {
      if (!document.hidden) await refresh().catch(() => setProblem(tr('watch.notAnswering')));
      if (!stopped) timer = setTimeout(loop, pollMs);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh, pollMs]);

  // Free the previous screen image whenever a new one replaces it.
  useEffect(() => {
    return () => {
      if (screenUrl) URL.revokeObjectURL(screenUrl);
    };
  }, [screenUrl]);

  const send = async (path: string, body: unknown) => {
    if (!getToken) return;
    const res = await simFetch(getToken, path, body).catch(() => null);
    if (!res?.ok) setProblem(t('watch.inputRefused'));
    await refresh();
  };

  if (!info) {
    return (
      <>
        <h1>{t('watch.title')}</h1>
        <p className={checked ? undefined : 'muted'} role="status">
          {checked ? t('watch.none') : t('watch.looking')}
        </p>
      </>
    );
  }

  const { device } = info;
  const tapAt = (e: MouseEvent<HTMLImageElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const x = Math.round(((e.clientX - r.left) * device.width) / r.width);
    const y = Math.round(((e.clientY - r.top) * device.height) / r.height);
    void send('/sim/tap', { x, y });
  };
  const scroll = (e: WheelEvent<HTMLImageElement>) => {
    const now = Date.now();
    if (Math.abs(e.deltaY) < 4 || now - lastWheel.current < 350) return;
    lastWheel.current = now;
    // Wheel down shows what is further down: a swipe up on the watch.
    void send('/sim/swipe', { direction: e.deltaY > 0 ? 'up' : 'down' });
  };

  return (
    <>
      <h1>{t('watch.title')}</h1>
      <p className="page-intro">{t('watch.intro', { device: device.name })}</p>
      <section className="card" aria-labelledby={`${uid}-h`}>
        <h2 id={`${uid}-h`} className="visually-hidden">
          {t('watch.screen')}
        </h2>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1.5rem', alignItems: 'flex-start' }}>
          <div
            style={{
              width: `min(100%, ${Math.min(device.width, 380)}px)`,
              aspectRatio: `${device.width} / ${device.height}`,
              borderRadius: device.shape === 'round' ? '50%' : '18%',
              border: '12px solid #26302e',
              boxShadow: '0 6px 24px rgb(0 0 0 / 25%)',
              background: '#000',
              overflow: 'hidden',
              flex: '0 0 auto',
            }}
          >
            {screenUrl && (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons beside the screen are the keyboard way to tap
              <img
                src={screenUrl}
                alt={t('watch.screenAlt', {
                  texts: info.screenOn ? info.texts.join(' · ') || t('watch.empty') : t('watch.off'),
                })}
                data-testid="watch-screen"
                width={device.width}
                height={device.height}
                onClick={tapAt}
                onWheel={scroll}
                style={{ width: '100%', height: '100%', display: 'block', cursor: 'pointer' }}
              />
            )}
          </div>
          <div style={{ flex: '1 1 220px' }}>
            <h3 style={{ marginTop: 0 }}>{t('watch.onScreen')}</h3>
            {info.targets.length > 0 ? (
              <ul aria-label={t('watch.tapList')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {info.targets.map((target) => (
                  <li key={`${target.label}-${target.x}-${target.y}`} style={{ marginBottom: '0.4rem' }}>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() =>
                        void send('/sim/tap', { x: target.x + target.w / 2, y: target.y + target.h / 2 })
                      }
                    >
                      {target.label}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{info.running ? t('watch.nothing') : t('watch.closed')}</p>
            )}
            <div className="actions" style={{ marginTop: '1rem' }}>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/key', { key: 'back' })}
              >
                {t('watch.back')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/swipe', { direction: 'down' })}
              >
                {t('watch.scrollUp')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/swipe', { direction: 'up' })}
              >
                {t('watch.scrollDown')}
              </button>
            </div>
            <p className="muted" data-testid="watch-status">
              {t('watch.status', { page: pageName(info.page), time: formatInstant(info.clock.now, 'time') })}
              {info.clock.followsRealTime ? t('watch.realTime') : ''}
            </p>
            {problem && (
              <p role="alert" className="field-error">
                {problem}
              </p>
            )}
          </div>
        </div>
      </section>
    </>
  );
}
