import { describe, expect, it } from 'vitest';
import { SAFETY } from '../catalog/safety.js';
import type { Routine } from '../records/routine.js';
import { createSession, runSessionEvents, type SessionEvent } from './engine.js';
import type { SessionState } from './state.js';
import { sessionView } from './view.js';

const T0 = 1_750_000_000_000;
const routine: Routine = {
  id: 'view-test',
  name: 'View test',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items: [
    { stretchId: 'seated-twist', holdSeconds: 20, reps: null, enabled: true },
    { stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true },
  ],
};

function after(events: SessionEvent[], painBefore: number | null = null): SessionState {
  const created = createSession(routine);
  if (!created.ok) throw new Error('invalid');
  return runSessionEvents(created.state, [
    {
      type: 'start',
      now: T0,
      options: {
        sessionId: 's',
        deviceId: 'w',
        timeZone: 'UTC',
        utcOffsetMinutes: 0,
        trigger: 'manual',
        painBefore,
      },
    },
    ...events,
  ]).state;
}

// Timeline: prepare 0–5 s, left 5–25, switch 25–30, right 30–50, rest 50–60, prepare 60–65, reps 65–129.

describe('sessionView', () => {
  it('before start shows the first stretch and a warm-up tip', () => {
    const created = createSession(routine);
    if (!created.ok) throw new Error('invalid');
    const view = sessionView(created.state, T0);
    expect(view).toMatchObject({
      phase: 'idle',
      stretchId: 'seated-twist',
      stretchIsNext: true,
      canRate: true,
    });
    expect(view.secondsLeft).toBeNull();
    expect(view.tip?.moments).toContain('beforeRoutine');
  });

  it('while getting ready shows name, setup and steps, time left and a before-routine tip', () => {
    const view = sessionView(after([]), T0 + 1200);
    expect(view).toMatchObject({
      phase: 'prepare',
      headline: 'Get ready',
      stretchName: 'Seated spinal twist',
      stretchIsNext: true,
      secondsLeft: 4,
      sideLabel: 'Left side',
      stretchNumber: 1,
      stretchCount: 2,
      canPause: true,
      canSkip: true,
      canResume: false,
    });
    expect(view.steps).toHaveLength(3);
    expect(view.steps[0]).toBe('Sit with both legs straight');
    expect(view.phaseProgress).toBeCloseTo(1200 / 5000);
    expect(view.tip?.id).toBe('heat');
  });

  it('suggests easing off, never heat or rolling, when the person starts in a lot of pain', () => {
    const view = sessionView(after([], 8), T0);
    expect(view.tip?.id).toBe('ease-off');
    // 6 is below HIGH_PAIN (7): the usual before-routine tip.
    expect(sessionView(after([], 6), T0).tip?.moments).toContain('beforeRoutine');
    expect(sessionView(after([], 7), T0).tip?.id).toBe('ease-off');
  });

  it('in a hold rounds seconds up and labels the side', () => {
    const view = sessionView(after([{ type: 'tick', now: T0 + 30_000 }]), T0 + 30_001);
    expect(view).toMatchObject({ phase: 'hold', headline: 'Hold', sideLabel: 'Right side', secondsLeft: 20 });
    expect(view.steps.length).toBeGreaterThanOrEqual(2);
    expect(view.tip).toBeNull();
    expect(view.routineProgress).toBeGreaterThan(0);
    expect(view.routineProgress).toBeLessThan(1);
  });

  it('in rest names the stretch coming up and offers a rest tip', () => {
    const view = sessionView(after([{ type: 'tick', now: T0 + 52_000 }]), T0 + 52_000);
    expect(view).toMatchObject({
      phase: 'rest',
      stretchName: 'Cat-cow',
      stretchIsNext: true,
      secondsLeft: 8,
    });
    expect(view.tip?.moments).toContain('duringRest');
  });

  it('in reps shows the rep count and the breath', () => {
    const view = sessionView(after([{ type: 'tick', now: T0 + 65_000 + 8000 + 4500 }]), T0 + 77_500);
    expect(view).toMatchObject({
      phase: 'exhale',
      headline: 'Breathe out',
      rep: { current: 2, total: 8 },
      breath: 'out',
      secondsLeft: 4,
      sideLabel: null,
    });
    expect(view.steps[0]).toMatch(/cat/);
  });

  it('while paused keeps the frozen time and offers resume', () => {
    const state = after([{ type: 'pause', now: T0 + 10_000 }]);
    const view = sessionView(state, T0 + 999_999);
    expect(view).toMatchObject({
      phase: 'paused',
      timerPhase: 'hold',
      secondsLeft: 15,
      canPause: false,
      canResume: true,
      canSkip: false,
      canAbort: true,
    });
    expect(view.phaseProgress).toBeCloseTo(5 / 20);
  });

  it('at the end asks for a rating; after one painful run it says something gentle, not a referral', () => {
    const rating = sessionView(after([{ type: 'tick', now: T0 + 130_000 }]), T0 + 130_000);
    expect(rating).toMatchObject({ phase: 'rating', canRate: true, canFinish: true, routineProgress: 1 });
    expect(rating.tip?.moments).toContain('afterRoutine');
    const fine = sessionView(
      after([
        { type: 'tick', now: T0 + 130_000 },
        { type: 'rate', now: T0 + 131_000, pain: 2 },
      ]),
      T0 + 131_000,
    );
    expect(fine.safetyNote).toBeNull();
    const sore = sessionView(
      after([
        { type: 'tick', now: T0 + 130_000 },
        { type: 'rate', now: T0 + 131_000, pain: 8 },
      ]),
      T0 + 131_000,
    );
    expect(sore.safetyNote).toBe(SAFETY.afterPainfulRun.short);
    expect(sore.safetyNote).not.toMatch(/therapist|chiropractor/);
    expect(sore.tip?.id).toBe('ease-off');
  });
});
