import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { eastOfPlanZoneReplica, fixtureReplica, NOW, renderWithSync } from '../../test/render';
import { DEFAULT_PLAN_SETTINGS, fixedOffsetResolver, PLAN_SETTINGS_KEY } from '../core';
import { OverviewPage } from '../views/OverviewPage';
import { OverviewView } from '../views/OverviewView';
import { overviewDataOf, storedOverviewOf } from './overview-writer';
import { contentVersionOf, validOverview } from './stored-overview';

const SEALED = 'unknot-sealed-replica:1:2:00000000abcdef\n{"the":"replica"}';
const HEADER = 'unknot-sealed-replica:1:2:00000000abcdef';

/** the fixture, set up (the first-run setup saved the default plan, zone UTC) */
function setUpReplica(replica = fixtureReplica()) {
  const r = replica.record('register.set', { key: PLAN_SETTINGS_KEY, value: DEFAULT_PLAN_SETTINGS });
  if (!r.ok) throw new Error('plan not recorded');
  return replica;
}

describe('the stored Overview summary', () => {
  it('renders the same Overview as the live replica (after a JSON round trip)', () => {
    const replica = setUpReplica();
    const live = renderWithSync(<OverviewView />, { replica });
    const liveHtml = live.container.innerHTML;
    live.unmount();
    const { data } = overviewDataOf(replica.state(), NOW);
    const stored = JSON.parse(JSON.stringify(data));
    const fromSummary = render(<OverviewPage data={stored} />);
    expect(fromSummary.container.innerHTML).toBe(liveHtml);
    expect(liveHtml).toContain('data-testid="current-streak"');
  });

  it('names the replica content and the day it is for', () => {
    expect(contentVersionOf(SEALED)).toBe(HEADER);
    const replica = setUpReplica();
    // the fixture's plan zone is UTC: Friday 15 May 2026 20:00 UTC is 15 May; valid until 16 May 00:00 UTC
    const stored = storedOverviewOf('u1', replica, SEALED, NOW);
    if (!stored) throw new Error('expected a summary for a set-up account');
    expect(stored).toMatchObject({ format: 1, userId: 'u1', replicaVersion: HEADER, date: '2026-05-15' });
    expect(stored.validUntil).toBe(Date.UTC(2026, 4, 16));
    // in a zone at +05:00 the same instant is already 16 May (01:00), valid until 17 May 00:00 local
    const east = overviewDataOf(replica.state(), NOW, fixedOffsetResolver(300));
    expect(east.date).toBe('2026-05-16');
    expect(east.validUntil).toBe(Date.UTC(2026, 4, 16, 19, 0));
  });

  it("is for the day of a session already done east of the plan's zone", () => {
    // the person has reached Saturday the 16th (a session in Karachi at 00:30 local)
    const replica = setUpReplica(eastOfPlanZoneReplica());
    const r = overviewDataOf(replica.state(), NOW);
    expect(r.date).toBe('2026-05-16');
    expect(r.data.summary.today).toMatchObject({ date: '2026-05-16', done: true, completed: 1 });
    expect(r.data.summary.streak).toMatchObject({ current: 1, todayDone: true });
    // valid until the end of the 16th in the plan's zone
    expect(r.validUntil).toBe(Date.UTC(2026, 4, 17));
  });

  it('is used only for this user, this replica content and this day', () => {
    const stored = storedOverviewOf('u1', setUpReplica(), SEALED, NOW);
    const text = JSON.stringify(stored);
    expect(validOverview(text, HEADER, 'u1', NOW + 60_000)).not.toBeNull();
    expect(validOverview(JSON.parse(text), HEADER, 'u1', NOW)).not.toBeNull();
    expect(validOverview(text, HEADER, 'u2', NOW)).toBeNull(); // another user
    expect(validOverview(text, 'unknot-sealed-replica:1:2:00000000abcdee', 'u1', NOW)).toBeNull(); // replica changed
    expect(validOverview(text, undefined, 'u1', NOW)).toBeNull(); // no version stored
    expect(validOverview(text, HEADER, 'u1', Date.UTC(2026, 4, 16))).toBeNull(); // the next day
    expect(validOverview(text, HEADER, 'u1', NOW - 1)).toBeNull(); // the clock went back
    expect(validOverview(text.replace('"format":1', '"format":2'), HEADER, 'u1', NOW)).toBeNull();
    expect(validOverview(text.replace('"streak":{', '"streak":{"x":{'), HEADER, 'u1', NOW)).toBeNull();
    expect(validOverview('{not json', HEADER, 'u1', NOW)).toBeNull();
    expect(validOverview(undefined, HEADER, 'u1', NOW)).toBeNull();
  });

  it('is not written for an account whose setup is pending (that start opens the replica)', () => {
    expect(storedOverviewOf('u1', fixtureReplica(null), SEALED, NOW)).toBeNull();
    expect(storedOverviewOf('u1', setUpReplica(), null, NOW)).toBeNull();
  });
});
