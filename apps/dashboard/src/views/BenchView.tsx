import { useEffect, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { ApiClient } from '../api/http-client';
import { createReplica } from '../core';
import { generateHistory, historySnapshot } from '../fixtures/generate-history';
import { ClockContext } from '../hooks/useNow';
import { SyncProvider } from '../hooks/useSync';
import { offlineConnection } from '../sync/offline-connection';
import { HistoryView } from './HistoryView';
import { OverviewView } from './OverviewView';

const unusedApi = new Proxy({} as ApiClient, {
  get: () => async () => ({ ok: false, error: { code: 'internal', message: 'bench', status: 0 } }),
});

const RUNS = 9;

export interface BenchResult {
  sessions: number;
  nudgeEvents: number;
  /** generating is not measured; folding the snapshot into a replica is */
  foldMs: number;
  /** cold first mount (render + commit + layout) of Overview and History together */
  firstRenderMs: number;
  /** median of RUNS fresh mounts */
  renderMs: number;
  /** what actually got rendered, so a fast number cannot come from an empty page */
  heatmapDays: number;
  listedSessions: number;
}

/**
 * `/bench`: three years of generated history, folded into a replica and rendered (Overview +
 * History), timed with performance.now(). The browser tests read `data-result`.
 */
export default function BenchView() {
  const host = useRef<HTMLDivElement>(null);
  const [result, setResult] = useState<BenchResult | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let root: Root | null = null;
    // Outside React's own commit, so flushSync really renders synchronously and the time is honest.
    const timer = setTimeout(() => {
      const params = new URLSearchParams(window.location.search);
      const days = Number(params.get('days') ?? 3 * 365);
      const only = params.get('only');
      const endAt = Date.UTC(2026, 4, 15, 20, 0);
      const history = generateHistory({ endAt, days, seed: 7 });
      const t0 = performance.now();
      const replica = createReplica({ deviceId: 'web-bench', now: () => endAt });
      replica.applySnapshot(historySnapshot(history, history.sessions.length));
      const t1 = performance.now();
      const value = { replica, connection: offlineConnection(replica), api: unusedApi };
      const tree = (
        <ClockContext.Provider value={() => endAt}>
          <SyncProvider value={value}>
            {only !== 'history' && <OverviewView />}
            {only !== 'overview' && <HistoryView />}
          </SyncProvider>
        </ClockContext.Provider>
      );
      // Mount from scratch several times: the first run includes cold JIT; the median is steadier on a busy machine.
      const times: number[] = [];
      let counts = { heatmapDays: 0, listedSessions: 0 };
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const r = createRoot(el);
        root = r;
        flushSync(() => r.render(tree));
        void el.offsetHeight; // include style and layout
        times.push(performance.now() - start);
        counts = {
          heatmapDays: el.querySelectorAll('.heatmap [data-date]').length,
          listedSessions: el.querySelectorAll('.session-list > li').length,
        };
        if (i < RUNS - 1) {
          r.unmount();
          root = null;
        }
      }
      const sorted = [...times].sort((a, b) => a - b);
      const ms = (x: number | undefined) => Math.round((x ?? 0) * 10) / 10;
      setResult({
        sessions: history.sessions.length,
        nudgeEvents: history.nudgeEvents.length,
        foldMs: ms(t1 - t0),
        firstRenderMs: ms(times[0]),
        renderMs: ms(sorted[Math.floor(sorted.length / 2)]),
        ...counts,
      });
    }, 0);
    return () => {
      clearTimeout(timer);
      const r = root;
      if (r) queueMicrotask(() => r.unmount());
    };
  }, []);
  return (
    <main className="signin" style={{ maxWidth: 1100 }} id="main">
      <h1>Render benchmark</h1>
      <output data-testid="bench-result" data-result={result ? JSON.stringify(result) : ''}>
        {result
          ? `${result.sessions} sessions and ${result.nudgeEvents} nudge events: folded in ${result.foldMs} ms; Overview + History rendered in ${result.renderMs} ms (median of ${RUNS}; first ${result.firstRenderMs} ms).`
          : 'Running…'}
      </output>
      <div ref={host} />
    </main>
  );
}
