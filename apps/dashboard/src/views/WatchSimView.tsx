import { type MouseEvent, useCallback, useEffect, useId, useRef, useState, type WheelEvent } from 'react';
import { useAuth } from '../auth/auth-context';
import { fetchSimInfo, type SimInfo, simFetch } from './sim-info';

export { fetchSimInfo, type SimInfo, type SimTarget, useSimAvailable } from './sim-info';

/**
 * The simulated watch of `npm start` (tests/system): its live screen, clickable. The system harness
 * serves it under /sim on the dashboard's origin; a plain server has no /sim, and then neither the
 * nav item nor this page's content appear.
 */

const POLL_MS = 400;

const pageName = (page: string | null) =>
  page ? page.replace(/^page\//, '').replace(/\/index$/, '') : 'closed';

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

  const refresh = useCallback(async () => {
    if (!getToken) return;
    const [next, svgRes] = await Promise.all([
      fetchSimInfo(getToken),
      simFetch(getToken, '/sim/screen.svg').catch(() => null),
    ]);
    setChecked(true);
    if (!next || !svgRes?.ok) {
      setProblem(next ? 'The watch screen could not be loaded.' : 'The simulated watch is not answering.');
      return;
    }
    const svg = await svgRes.text();
    setInfo(next);
    setProblem(null);
    if (svg !== lastSvg.current) {
      lastSvg.current = svg;
      setScreenUrl(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
    }
  }, [getToken]);

  // Poll while the tab is visible; a finished request schedules the next one (never piles up).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const loop = async () => {
      if (!document.hidden) await refresh().catch(() => setProblem('The simulated watch is not answering.'));
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
    if (!res?.ok) setProblem('The watch did not take that input.');
    await refresh();
  };

  if (!info) {
    return (
      <>
        <h1>Watch</h1>
        <p className={checked ? undefined : 'muted'} role="status">
          {checked
            ? 'This server runs no simulated watch. Start the whole system with `npm start` to get one here.'
            : 'Looking for the simulated watch…'}
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
      <h1>Watch</h1>
      <p className="page-intro">
        A simulated {device.name} running the real Unknot watch app, paired to your account through a
        simulated phone. Click its screen to tap, scroll over it for long pages. What you finish here syncs
        like a real watch and shows up on the other pages.
      </p>
      <section className="card" aria-labelledby={`${uid}-h`}>
        <h2 id={`${uid}-h`} className="visually-hidden">
          Watch screen
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
                alt={`Watch screen: ${info.screenOn ? info.texts.join(' · ') || 'empty' : 'off'}`}
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
            <h3 style={{ marginTop: 0 }}>On the screen</h3>
            {info.targets.length > 0 ? (
              <ul aria-label="Tap on the watch" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {info.targets.map((t) => (
                  <li key={`${t.label}-${t.x}-${t.y}`} style={{ marginBottom: '0.4rem' }}>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void send('/sim/tap', { x: t.x + t.w / 2, y: t.y + t.h / 2 })}
                    >
                      {t.label}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                {info.running ? 'Nothing to tap here.' : 'The app is closed: click the screen to open it.'}
              </p>
            )}
            <div className="actions" style={{ marginTop: '1rem' }}>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/key', { key: 'back' })}
              >
                Back button
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/swipe', { direction: 'down' })}
              >
                Scroll up
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => void send('/sim/swipe', { direction: 'up' })}
              >
                Scroll down
              </button>
            </div>
            <p className="muted" data-testid="watch-status">
              Page: {pageName(info.page)} · watch time {new Date(info.clock.now).toLocaleTimeString()}
              {info.clock.followsRealTime ? ' (follows real time)' : ''}
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
