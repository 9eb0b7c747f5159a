import {
  routineNameMessage,
  afterRunNoteMessage,
  type CoreMessage,
  describeDurationMessage,
  type ProfessionalAdvice,
  type Routine,
  sessionDurationMessage,
  type TipId,
} from '@unknot/stretch-model';
import { t } from './t.js';

/**
 * The core's words on the watch, in the system language. The core decides *what* to say (which
 * stretch, which lines, which tip, the flag); the words come from `page/i18n/<locale>.po`, which
 * the build writes from the core's `coreMessages(locale)` under the core's own keys
 * (`stretch.<id>.name`, `stretch.<id>.step.<n>`, `tip.<id>.text`, `safety.*`, `duration.*`, …).
 */

/** A core message descriptor (`{ key, params }`, plurals by `params.count`) rendered with getText. */
export function coreText(message: CoreMessage): string {
  const params: Record<string, string | number> = {};
  for (const name of Object.keys(message.params ?? {})) {
    const v = message.params?.[name];
    if (v !== undefined) params[name] = typeof v === 'object' ? coreText(v) : v;
  }
  return t(message.key, params);
}

/** "Title: text" of a tip (its two descriptors) in the watch's language. */
export function tipLine(tip: { title: CoreMessage; text: CoreMessage }): string {
  return t('common.tipLine', { title: coreText(tip.title), text: coreText(tip.text) });
}

/** "about 4 min" / "under a minute" for a routine's length, in the watch's language. */
export function routineLengthText(seconds: number): string {
  return coreText(describeDurationMessage(seconds));
}

/** "8 s" / "6 min" / "1 h 5 min" for how long a run lasted (as History says it). */
export function sessionLengthText(ms: number): string {
  return coreText(sessionDurationMessage(ms));
}

/** The summary's note, as the core picks it (the flag's words, else the single-run note). */
export function afterRunText(advice: ProfessionalAdvice, singleRunNote: CoreMessage | null): string | null {
  const note = afterRunNoteMessage(advice, singleRunNote);
  return note === null ? null : coreText(note);
}

/** A built-in routine's name in the watch's language; a name the person gave it stays theirs. */
export function routineName(routine: Pick<Routine, 'id' | 'name'>): string {
  const message = routineNameMessage(routine);
  return message ? coreText(message) : routine.name;
}

/** A tip's text alone (the nudge page and notification). */
export function tipText(id: TipId): string {
  return t(`tip.${id}.text`);
}

export type SafetyName = 'seeProfessional' | 'afterPainfulRun' | 'disclaimer' | 'stopOnSharpPain';

export function safetyShort(name: SafetyName): string {
  return t(`safety.${name}.short`);
}
