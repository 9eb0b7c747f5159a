/**
 * Cues are data, not side effects: the engine returns them and the shell decides how to play them
 * (vibrate, redraw, speak). Each cue type has its own vibration pattern name; the watch maps these
 * names to motor patterns, the sim logs them. `late` marks a cue whose moment passed more than
 * `LATE_CUE_MS` before the engine saw it (screen off, app killed): shells should not buzz for it.
 */
import { getStretch } from '../catalog/stretches.js';
import type { StretchId } from '../records/ids.js';
import type { CoreMessage } from '../i18n/types.js';
import { stretchCueKey, stretchNameMessage } from '../i18n/keys.js';
import type { SessionSide } from './plan.js';

export const CUE_TYPES = [
  'prepare',
  'holdStart',
  'countdown',
  'holdEnd',
  'switchSide',
  'inhale',
  'exhale',
  'rest',
  'routineDone',
  'paused',
  'resumed',
] as const;
export type CueType = (typeof CUE_TYPES)[number];

/** Vibration pattern names, one per cue type. */
export const CUE_VIBRATION = {
  prepare: 'prepare',
  holdStart: 'holdStart',
  countdown: 'tick',
  holdEnd: 'holdEnd',
  switchSide: 'switchSide',
  inhale: 'breathIn',
  exhale: 'breathOut',
  rest: 'rest',
  routineDone: 'done',
  paused: 'paused',
  resumed: 'resumed',
} as const satisfies Record<CueType, string>;
export type VibrationPattern = (typeof CUE_VIBRATION)[CueType];

/** A cue that arrives more than this long after its moment is marked `late`. */
export const LATE_CUE_MS = 1000;

export interface Cue {
  type: CueType;
  /** The moment the cue belongs to (epoch ms), which may be before the event that produced it. */
  at: number;
  vibration: VibrationPattern;
  text: string;
  /** `text` as a descriptor for any locale (`cue.*`, or the stretch's own breath cue). */
  i18n: CoreMessage;
  /** Progress through the whole routine at `at`, 0..1. */
  progress: number;
  stretchId: StretchId | null;
  kind: 'hold' | 'reps' | null;
  side: SessionSide;
  late: boolean;
}

/** What a cue is about, for its text. */
export interface CueSubject {
  stretchId: StretchId | null;
  side: SessionSide;
  seconds: number;
}

function sideWord(side: SessionSide): string {
  return side === 'left' ? ' (left)' : side === 'right' ? ' (right)' : '';
}

/** Short text for a cue (fits one watch line). */
export function cueText(type: CueType, subject: CueSubject): string {
  const stretch = subject.stretchId ? getStretch(subject.stretchId) : undefined;
  const name = stretch ? stretch.shortName : '';
  const reps = stretch?.dosage.kind === 'reps' ? stretch.dosage : null;
  switch (type) {
    case 'prepare':
      return `Next: ${name}${sideWord(subject.side)}`;
    case 'holdStart':
      return subject.side === 'none'
        ? `Hold ${subject.seconds} s`
        : `Hold ${subject.seconds} s${sideWord(subject.side)}`;
    case 'countdown':
      return String(subject.seconds);
    case 'holdEnd':
      return 'Release slowly';
    case 'switchSide':
      return 'Switch to the other side';
    case 'inhale':
      return reps ? reps.inhaleCue : 'Breathe in';
    case 'exhale':
      return reps ? reps.exhaleCue : 'Breathe out';
    case 'rest':
      return `Rest ${subject.seconds} s`;
    case 'routineDone':
      return 'All done. Nice work!';
    case 'paused':
      return 'Paused';
    case 'resumed':
      return 'Back to it';
  }
}

/** `cueText` as a descriptor for any locale. */
export function cueMessage(type: CueType, subject: CueSubject): CoreMessage {
  const stretch = subject.stretchId ? getStretch(subject.stretchId) : undefined;
  const side = subject.side === 'left' ? '.left' : subject.side === 'right' ? '.right' : '';
  switch (type) {
    case 'prepare':
      return {
        key: `cue.prepare${side}`,
        params: { name: stretch ? stretchNameMessage(stretch.id, true) : '' },
      };
    case 'holdStart':
      return { key: `cue.holdStart${side}`, params: { seconds: subject.seconds } };
    case 'countdown':
      return { key: 'cue.countdown', params: { seconds: subject.seconds } };
    case 'inhale':
      return stretch?.dosage.kind === 'reps'
        ? { key: stretchCueKey(stretch.id, 'inhale') }
        : { key: 'cue.inhale' };
    case 'exhale':
      return stretch?.dosage.kind === 'reps'
        ? { key: stretchCueKey(stretch.id, 'exhale') }
        : { key: 'cue.exhale' };
    case 'rest':
      return { key: 'cue.rest', params: { seconds: subject.seconds } };
    default:
      return { key: `cue.${type}` };
  }
}

export function makeCue(type: CueType, at: number, now: number, progress: number, subject: CueSubject): Cue {
  const stretch = subject.stretchId ? getStretch(subject.stretchId) : undefined;
  return {
    type,
    at,
    vibration: CUE_VIBRATION[type],
    text: cueText(type, subject),
    i18n: cueMessage(type, subject),
    progress,
    stretchId: subject.stretchId,
    kind: stretch ? stretch.dosage.kind : null,
    side: subject.side,
    late: now - at > LATE_CUE_MS,
  };
}
