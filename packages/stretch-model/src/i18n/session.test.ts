/** The runner's words as descriptors: every view and cue of a whole run says the same in English. */
import { describe, expect, it } from 'vitest';
import type { Routine } from '../records/routine.js';
import { createSession, engineReduce, type SessionEvent } from '../session/engine.js';
import type { SessionState } from '../session/state.js';
import { sessionView } from '../session/view.js';
import { renderMessage } from './messages.js';

const T0 = 1_750_000_000_000;
const routine: Routine = {
  id: 'i18n-run',
  name: 'Run',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items: [
    { stretchId: 'seated-twist', holdSeconds: 20, reps: null, enabled: true },
    { stretchId: 'cat-cow', holdSeconds: null, reps: 4, enabled: true },
  ],
};
const en = (m: Parameters<typeof renderMessage>[1]) => renderMessage('en-US', m);

function checkView(state: SessionState, now: number): void {
  const v = sessionView(state, now);
  const at = `${v.phase} @${now - T0}`;
  expect(en(v.i18n.headline), at).toBe(v.headline);
  expect(v.i18n.stretchName ? en(v.i18n.stretchName) : null, at).toBe(v.stretchName);
  expect(v.i18n.steps.map(en), at).toEqual(v.steps);
  expect(v.i18n.sideLabel ? en(v.i18n.sideLabel) : null, at).toBe(v.sideLabel);
  expect(v.i18n.tip ? [en(v.i18n.tip.title), en(v.i18n.tip.text)] : null, at).toEqual(
    v.tip ? [v.tip.title, v.tip.text] : null,
  );
  expect(v.i18n.safetyNote ? en(v.i18n.safetyNote) : null, at).toBe(v.safetyNote);
}

describe('a whole run in descriptors', () => {
  it('every view and every cue renders to its English text', () => {
    const created = createSession(routine);
    if (!created.ok) throw new Error('invalid routine');
    let state = created.state;
    checkView(state, T0);
    const events: SessionEvent[] = [
      {
        type: 'start',
        now: T0,
        options: {
          sessionId: 's',
          deviceId: 'w',
          timeZone: 'UTC',
          utcOffsetMinutes: 0,
          trigger: 'manual',
          painBefore: 8,
        },
      },
    ];
    for (let t = 500; t <= 130_000; t += 500) events.push({ type: 'tick', now: T0 + t });
    events.splice(40, 0, { type: 'pause', now: T0 + 19_750 }, { type: 'resume', now: T0 + 19_750 });
    const cueTypes = new Set<string>();
    for (const event of events) {
      const r = engineReduce(state, event);
      state = r.state;
      for (const cue of r.cues) {
        cueTypes.add(cue.type);
        expect(en(cue.i18n), `${cue.type} @${cue.at - T0}`).toBe(cue.text);
      }
      checkView(state, event.now);
    }
    expect(state.phase).toBe('rating');
    state = engineReduce(state, { type: 'rate', now: T0 + 131_000, pain: 8 }).state;
    state = engineReduce(state, { type: 'finish', now: T0 + 132_000 }).state;
    expect(state.phase).toBe('done');
    checkView(state, T0 + 132_000);
    expect(sessionView(state, T0 + 132_000).i18n.safetyNote).toEqual({ key: 'safety.afterPainfulRun.short' });
    expect([...cueTypes].sort()).toEqual(
      [
        'countdown',
        'exhale',
        'holdEnd',
        'holdStart',
        'inhale',
        'paused',
        'prepare',
        'rest',
        'resumed',
        'routineDone',
        'switchSide',
      ].sort(),
    );
  });

  it('a German runner reads the same moment in German', () => {
    const created = createSession(routine);
    if (!created.ok) throw new Error('invalid routine');
    const started = engineReduce(created.state, {
      type: 'start',
      now: T0,
      options: {
        sessionId: 's',
        deviceId: 'w',
        timeZone: 'UTC',
        utcOffsetMinutes: 0,
        trigger: 'manual',
        painBefore: null,
      },
    });
    // prepare 0-5 s, then the left side of the twist: 10 s in, holding on the left
    const holding = engineReduce(started.state, { type: 'tick', now: T0 + 10_000 }).state;
    const v = sessionView(holding, T0 + 10_000).i18n;
    expect(renderMessage('de-DE', v.headline)).toBe('Halten');
    expect(v.sideLabel && renderMessage('de-DE', v.sideLabel)).toBe('Linke Seite');
    expect(v.steps.map((m) => renderMessage('de-DE', m))).toEqual([
      'Ein Knie beugen, darüber kreuzen',
      'Anderer Ellbogen außen ans Knie',
      'Sanft drehen, tief atmen',
    ]);
    expect(started.cues.map((c) => renderMessage('de-DE', c.i18n))).toEqual([
      'Als Nächstes: Drehsitz (links)',
    ]);
    expect(started.cues.map((c) => renderMessage('zh-CN', c.i18n))).toEqual(['下一个：脊柱扭转，左侧']);
  });
});
