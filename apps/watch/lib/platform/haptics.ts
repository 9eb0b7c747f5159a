import {
  Vibrator,
  VIBRATOR_SCENE_DURATION,
  VIBRATOR_SCENE_SHORT_LIGHT,
  VIBRATOR_SCENE_SHORT_STRONG,
} from '@zos/sensor';
import type { VibrationPattern } from '@unknot/stretch-model';

/** Every pattern the watch plays: the engine's cue patterns plus the nudge buzz. */
export type HapticPattern = VibrationPattern | 'nudge';

type Step = { kind: 'gentle' | 'strong' | 'long' | 'urgent'; ms?: number } | { kind: 'pause'; ms: number };

/**
 * Each engine pattern name gets its own rhythm so it can be told apart without looking:
 * one strong tap to start a hold, light taps for 3-2-1, a long buzz when a hold ends, a triple for
 * switching sides, a rising double / single soft pulse for breathing in / out.
 */
const PATTERNS: Record<HapticPattern, Step[]> = {
  prepare: [{ kind: 'gentle' }],
  holdStart: [{ kind: 'strong' }, { kind: 'pause', ms: 120 }, { kind: 'strong' }],
  tick: [{ kind: 'gentle' }],
  holdEnd: [{ kind: 'long', ms: 500 }],
  switchSide: [
    { kind: 'strong' },
    { kind: 'pause', ms: 150 },
    { kind: 'strong' },
    { kind: 'pause', ms: 150 },
    { kind: 'strong' },
  ],
  breathIn: [{ kind: 'gentle' }, { kind: 'pause', ms: 200 }, { kind: 'long', ms: 300 }],
  breathOut: [{ kind: 'long', ms: 200 }],
  rest: [{ kind: 'gentle' }, { kind: 'pause', ms: 200 }, { kind: 'gentle' }],
  done: [
    { kind: 'strong' },
    { kind: 'pause', ms: 100 },
    { kind: 'strong' },
    { kind: 'pause', ms: 100 },
    { kind: 'long', ms: 600 },
  ],
  paused: [{ kind: 'gentle' }],
  resumed: [{ kind: 'gentle' }],
  nudge: [{ kind: 'urgent' }, { kind: 'pause', ms: 300 }, { kind: 'urgent' }],
};

let vibrator: Vibrator | null = null;

function motor(): Vibrator {
  vibrator ??= new Vibrator();
  return vibrator;
}

/** Plays a named pattern. Uses the action-array form (API 3.6+), else the closest scene. */
export function playHaptic(pattern: HapticPattern): void {
  const v = motor();
  const types = v.getType();
  const steps = PATTERNS[pattern];
  const actions = steps.map((s) => {
    switch (s.kind) {
      case 'gentle':
        return { type: types.GENTLE_SHORT };
      case 'strong':
        return { type: types.STRONG_SHORT };
      case 'urgent':
        return { type: types.URGENT };
      case 'long':
        return { type: types.CONTINUOUS, duration: s.ms ?? 400 };
      default:
        return { type: types.PAUSE, duration: s.ms };
    }
  });
  v.stop();
  if (typeof types.CONTINUOUS === 'number') {
    v.start(actions);
    return;
  }
  const strongest = steps.some((s) => s.kind === 'long')
    ? VIBRATOR_SCENE_DURATION
    : steps.some((s) => s.kind === 'strong' || s.kind === 'urgent')
      ? VIBRATOR_SCENE_SHORT_STRONG
      : VIBRATOR_SCENE_SHORT_LIGHT;
  v.start({ mode: strongest });
}

export function hapticPatternNames(): HapticPattern[] {
  return Object.keys(PATTERNS) as HapticPattern[];
}
