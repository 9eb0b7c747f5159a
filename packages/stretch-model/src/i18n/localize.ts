/**
 * The catalog's data with its texts in one locale's words, in the same shapes (for the
 * dashboard). `guide` stays the English reference text it is checked against. A text the table
 * lacks keeps its English words.
 */
import { SAFETY, type Safety, type SafetyMessage } from '../catalog/safety.js';
import type { Stretch } from '../catalog/stretches.js';
import type { Tip } from '../catalog/tips.js';
import { hasKey } from './format.js';
import {
  type SafetyMessageName,
  safetyKey,
  stretchCueKey,
  stretchKey,
  stretchListKey,
  tipKey,
} from './keys.js';
import type { CoreMessageKey, CoreMessages } from './types.js';

function text(messages: CoreMessages, key: CoreMessageKey, english: string): string {
  const t = hasKey(messages, key) ? messages[key] : undefined;
  return t ? t : english;
}

/** A stretch with its texts from `messages`. */
export function localizeStretchWith(stretch: Stretch, messages: CoreMessages): Stretch {
  const id = stretch.id;
  const field = (f: Parameters<typeof stretchKey>[1], english: string) =>
    text(messages, stretchKey(id, f), english);
  const list = (f: Parameters<typeof stretchListKey>[1], english: readonly string[]) =>
    english.map((e, i) => text(messages, stretchListKey(id, f, i + 1), e));
  const d = stretch.dosage;
  return {
    ...stretch,
    name: field('name', stretch.name),
    shortName: field('shortName', stretch.shortName),
    setup: field('setup', stretch.setup),
    steps: list('step', stretch.steps),
    description: field('description', stretch.description),
    whyItHelps: field('whyItHelps', stretch.whyItHelps),
    cautions: list('caution', stretch.cautions),
    targetMuscles: list('muscle', stretch.targetMuscles),
    pictureAlt: field('pictureAlt', stretch.pictureAlt),
    dosage:
      d.kind === 'reps'
        ? {
            ...d,
            inhaleCue: text(messages, stretchCueKey(id, 'inhale'), d.inhaleCue),
            exhaleCue: text(messages, stretchCueKey(id, 'exhale'), d.exhaleCue),
          }
        : d,
  };
}

/** A tip with its title, text and detail from `messages`. */
export function localizeTipWith(tip: Tip, messages: CoreMessages): Tip {
  return {
    ...tip,
    title: text(messages, tipKey(tip.id, 'title'), tip.title),
    text: text(messages, tipKey(tip.id, 'text'), tip.text),
    detail: text(messages, tipKey(tip.id, 'detail'), tip.detail),
  };
}

/** `SAFETY` with its texts from `messages`. */
export function localizedSafetyWith(messages: CoreMessages): Safety {
  const one = (name: SafetyMessageName): SafetyMessage => ({
    short: text(messages, safetyKey(name, 'short'), SAFETY[name].short),
    long: text(messages, safetyKey(name, 'long'), SAFETY[name].long),
  });
  return {
    seeProfessional: one('seeProfessional'),
    afterPainfulRun: one('afterPainfulRun'),
    disclaimer: one('disclaimer'),
    stopOnSharpPain: one('stopOnSharpPain'),
    highPainThreshold: SAFETY.highPainThreshold,
  };
}
