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
  if (vibrator === null) vibrator = new Vibrator();
  return vibrator;
}

/** The scene closest to a pattern, for firmware without action arrays. */
function closestScene(steps: Step[]): number {
  if (steps.some((s) => s.kind === 'long')) return VIBRATOR_SCENE_DURATION;
  if (steps.some((s) => s.kind === 'strong' || s.kind === 'urgent')) return VIBRATOR_SCENE_SHORT_STRONG;
  return VIBRATOR_SCENE_SHORT_LIGHT;
}

/**
 * Plays a named pattern: as an action array where the firmware has them (`getType` and arrays in
 * `start` are API 3.6, sensor/Vibrator.mdx), else as the closest built-in scene. The app declares
 * API 3.0, so both paths are real.
 */
export function playHaptic(pattern: HapticPattern): void {
  const v = motor();
  const steps = PATTERNS[pattern];
  v.stop();
  const withTypes = v as Vibrator & { getType?: unknown };
  if (typeof withTypes.getType !== 'function') {
    v.start({ mode: closestScene(steps) });
    return;
  }
  const types = v.getType();
  if (typeof types.CONTINUOUS !== 'number') {
    v.start({ mode: closestScene(steps) });
    return;
  }
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
  v.start(actions);
}

export function hapticPatternNames(): HapticPattern[] {
  return Object.keys(PATTERNS) as HapticPattern[];
}
