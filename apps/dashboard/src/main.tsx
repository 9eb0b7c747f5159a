import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadSession } from './auth/session-store';
import { prefetchOverview, prefetchReplicaValue } from './sync/stored-overview';
import './styles.css';

// for the start-up benchmark (e2e/startup-bench.test.ts): every initial module has been evaluated
performance.mark('unknot:main');
// A stored session: start reading its Overview summary and its replica from IndexedDB now, while
// React starts (the summary is small and asked for first; see sync/stored-overview.ts).
const stored = loadSession(localStorage, Date.now());
if (stored) {
  const userId = stored.user.userId;
  // the big replica read after the small one, so it does not hold the summary up
  void prefetchOverview(userId).finally(() => prefetchReplicaValue(userId));
}
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
