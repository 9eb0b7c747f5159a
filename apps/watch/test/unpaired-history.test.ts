/**
 * Fully unpaired: a routine and a day of nudges (snoozed, then answered) with no account and no
 * server, the session on the watch's History page; then pairing with the REAL sync server sends
 * everything exactly once (counted on the server, also after a second sync).
 */
import { BUILTIN_ROUTINES } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairLikeAUser } from './phone-helpers.js';
import { local } from './feature-helpers.js';
import { newPairingCode, pullAll, type RealServer, sessionsOf, startRealServer } from './server-support.js';
import { launchWatch, tapText } from './sim-helpers.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});

const MIN = 60_000;

describe('unpaired, then paired', () => {
  it('routines, nudges and history work with no server; pairing later sends them exactly once', async () => {
    const s = await launchWatch({ startTime: local(6, 8) });
    try {
      // A quick break rated 6 before and 4 after.
      await tapText(s, 'Quick break');
      await tapText(s, '+');
      await tapText(s, '+');
      await tapText(s, 'Start');
      await s.until(() => s.screen.page() === 'page/summary/index', { timeoutMs: 15 * MIN, stepMs: 1000 });
      // The first tap sets 5 (the picker starts unrated, showing "-"), then one less.
      await tapText(s, '+');
      await tapText(s, '-');
      await tapText(s, 'Save');
      await tapText(s, 'Skip');
      await tapText(s, 'Done');
      expect(s.screen.page()).toBe('page/home/index');
      expect(s.screen.findByText('Not paired')).toBeDefined();
      await s.exit();

      // A day at the desk: the first nudge is snoozed, the next one dismissed.
      s.steps.schedule([{ activity: 'sitting', minutes: 10 * 60 }]);
      await s.until(() => s.notifications.length === 1, { timeoutMs: 4 * 60 * MIN, stepMs: MIN });
      await s.openNotification(s.notifications[0]?.id ?? -1);
      await tapText(s, /^Snooze/);
      await s.exit();
      await s.until(() => s.notifications.length === 2, { timeoutMs: 4 * 60 * MIN, stepMs: MIN });
      await s.openNotification(s.notifications[1]?.id ?? -1);
      await tapText(s, 'Dismiss');
      await s.exit();

      // History on the watch, no server involved.
      await s.launch();
      await tapText(s, 'History');
      expect(s.screen.page()).toBe('page/history/index');
      const texts = s.screen.texts();
      const quick = BUILTIN_ROUTINES.find((r) => r.kind === 'micro');
      expect(texts.filter((t) => /^Mon 6 Jan, 08:\d\d$/.test(t))).toHaveLength(1);
      expect(texts).toContain(quick?.name);
      expect(texts).toContain('Tightness 6 -> 4');
      // Nothing went over the network.
      expect(s.phone.fetchLog()).toEqual([]);
      await s.exit();
      expect(await pullAll(server).then(sessionsOf)).toHaveLength(0);

      // Pairing later: everything reaches the server once, also after another sync.
      await pairLikeAUser(s, server.url, await newPairingCode(server));
      for (let round = 0; round < 2; round++) {
        const opened = s.clock.now();
        await s.launch();
        await s.until(() => s.screen.findByText(/^Synced/) !== undefined, {
          timeoutMs: 120_000,
          stepMs: 100,
        });
        // The delay a person sees: the day's backlog is on the server this long after opening the app.
        if (round === 0)
          console.log(`backlog synced ${s.clock.now() - opened} ms (virtual) after opening home`);
        await s.exit();
      }
      const ops = await pullAll(server);
      const sessions = sessionsOf(ops);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ painBefore: 6, painAfter: 4, outcome: 'completed' });
      const nudgeEvents = ops.flatMap((op) => (op.type === 'nudge.event' ? [op.payload] : []));
      expect(nudgeEvents.map((e) => e.action).sort()).toEqual(['dismissed', 'shown', 'shown', 'snoozed']);
      expect(new Set(nudgeEvents.map((e) => e.id)).size).toBe(nudgeEvents.length);
      expect(s.errors).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
