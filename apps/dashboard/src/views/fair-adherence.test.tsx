/** Issue 12 in the dashboard: "no data" before the start, unobserved hold time, range advice, plan history. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSession } from '@unknot/stretch-model/testing';
import { describe, expect, it } from 'vitest';
import { eastOfPlanZoneReplica, fixtureReplica, NOW, renderWithSync } from '../../test/render';
import { getPlanSettings, type SessionRecord } from '../core';
import { OverviewView } from './OverviewView';
import RoutineEditorView from './RoutineEditorView';
import StretchesView from './StretchesView';

// NOW is Friday 2026-05-15 20:00 UTC; the default plan is every day, zone UTC.
function firstSession(stretches: SessionRecord['stretches'] = []): SessionRecord {
  const startedAt = NOW - 3_600_000; // Friday 19:00
  return buildSession({
    id: 'watch-1-s1',
    routineId: 'desk-upper',
    routineName: 'Desk break',
    startedAt,
    endedAt: startedAt + 120_000,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    painBefore: null,
    painAfter: null,
    stretches,
  });
}

function newUser(stretches?: SessionRecord['stretches']) {
  return fixtureReplica({
    serverSeq: 1,
    registers: {},
    sessions: [firstSession(stretches)],
    nudgeEvents: [],
  });
}

describe('a person who started today', () => {
  it('sees 1 of 1 planned days this week and "no data" for the weeks before', () => {
    renderWithSync(<OverviewView />, { replica: newUser() });
    // Mon–Thu are before the start (Friday): this week is Friday alone, done → 100 %.
    expect(screen.getByTestId('week-adherence')).toHaveTextContent('100%');
    expect(screen.getByText('1 of 1 planned days so far')).toBeInTheDocument();
    const bars = screen.getByRole('region', { name: 'Last 8 weeks' });
    expect(within(bars).getAllByText('no data')).toHaveLength(7);
    expect(within(bars).getByRole('img')).toHaveAccessibleName(/before you started/);
  });

  it('sees hold time that ran out unobserved apart, not counted', () => {
    const replica = newUser([
      {
        stretchId: 'wall-lat',
        side: 'none',
        kind: 'hold',
        targetSeconds: 30,
        heldSeconds: 30,
        observedSeconds: 10,
        targetReps: null,
        repsDone: null,
        skipped: false,
      },
    ]);
    renderWithSync(<StretchesView />, { replica });
    const card = screen.getByTestId('stretch-card-wall-lat');
    // 10 of 30 s observed → 33 %; 20 s not counted.
    expect(card).toHaveTextContent('33% of target (10 of 30 s)');
    expect(within(card).getByTestId('unobserved-time')).toHaveTextContent('Not counted: 20 s');
  });
});

describe('routine editor advice', () => {
  it('accepts a 10 s hold but says it is shorter than the guide suggests', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    const hold = within(screen.getByTestId('routine-item-0')).getByLabelText('Hold (seconds)');
    await userEvent.clear(hold);
    await userEvent.type(hold, '10');
    expect(hold).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByTestId('routine-advisory')).toHaveTextContent(/shorter than the 20–30 seconds/);
    await userEvent.click(screen.getByRole('button', { name: 'Save routine' }));
    expect(screen.getByTestId('routine-status')).toHaveTextContent(/Saved/);
    expect(replica.pendingCount()).toBe(1);
  });
});

describe('plan editor', () => {
  it('saves a change of days with the earlier plan kept, counting from today', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Sunday' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    const plan = getPlanSettings(replica.state());
    expect(plan.days).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan.since).toBe('2026-05-15');
    expect(plan.history).toEqual([{ from: null, days: [0, 1, 2, 3, 4, 5, 6] }]);
  });

  it("counts a change from the day the person has reached, east of the plan's zone", async () => {
    // the person has reached Saturday the 16th (a session in Karachi at 00:30 local), so Friday
    // is behind them and a change must not reach back to it
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: eastOfPlanZoneReplica() });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Sunday' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    expect(getPlanSettings(replica.state()).since).toBe('2026-05-16');
  });
});
