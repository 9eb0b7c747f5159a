import { lazy, Suspense, useMemo, useRef } from 'react';
import { needsFirstRunSetup } from '../core';
import { useAsOf, useOverviewSummary, useReminderSettings, useSessions } from '../hooks/useAdherence';
import { useNextNudge } from '../hooks/useNextNudge';
import { useSyncState } from '../hooks/useSync';
import { type OverviewData, OverviewPage } from './OverviewPage';

// Loaded only for an account that has not been set up yet, keeping it out of the initial bundle.
const FirstRunSetup = lazy(() => import('../components/FirstRunSetup'));

/** Overview from the live replica (the core's rules over the merged state), shown by OverviewPage. */
export function OverviewView() {
  // once offered, the setup stays mounted, so its "You are set up" can show after the save
  const offered = useRef(false);
  if (needsFirstRunSetup(useSyncState())) offered.current = true;
  const summary = useOverviewSummary();
  const sessions = useSessions();
  const decision = useNextNudge();
  const settings = useReminderSettings();
  const asOf = useAsOf();
  const data = useMemo<OverviewData>(
    () => ({
      summary,
      lastSession: sessions[sessions.length - 1] ?? null,
      nextNudge: { decision, settings, asOf },
    }),
    [summary, sessions, decision, settings, asOf],
  );
  return (
    <OverviewPage
      data={data}
      setup={
        offered.current && (
          <Suspense fallback={null}>
            <FirstRunSetup />
          </Suspense>
        )
      }
    />
  );
}

export default OverviewView;
