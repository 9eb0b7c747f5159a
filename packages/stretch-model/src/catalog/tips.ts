/**
 * Self-care tips that go with stretching, and when each one is worth showing. A tip names the
 * moments it fits; `tipFor(moment, seed)` picks one deterministically (same moment and seed, same
 * tip) so the watch, the sim and tests agree without randomness inside the model. Callers pass a
 * varying seed such as the session start time to rotate through the tips.
 */

/** The moments in the product where a tip may be shown. */
export const TIP_MOMENTS = ['beforeRoutine', 'duringRest', 'afterRoutine', 'onNudge', 'highPain'] as const;
export type TipMoment = (typeof TIP_MOMENTS)[number];

export type TipId = 'foam-roller' | 'heat' | 'hydration' | 'posture' | 'move-often' | 'ease-off';

/**
 * Where a tip comes from: `guide` — one of the guide's "additional tips" (foam roller, heat,
 * water, posture, moving often), restated in our words; `app` — Unknot's own advice.
 */
export type TipOrigin = 'guide' | 'app';

export interface Tip {
  id: TipId;
  /** A few words, for a watch title. */
  title: string;
  /** One short sentence for the watch. */
  text: string;
  /** A fuller version for the dashboard. */
  detail: string;
  moments: readonly TipMoment[];
  origin: TipOrigin;
}

/**
 * When each tip fits, and why:
 * - `highPain` (a rating at or above `HIGH_PAIN`) gets only "ease off": warming or rolling an
 *   acutely painful spot can aggravate it, so heat and the foam roller are never offered then.
 * - Heat fits before a routine (the guide: warmth relaxes muscles *before* stretching).
 * - The foam roller fits after a routine, gently, and never on a spot that hurts sharply.
 * - Water, posture and moving often fit rests, the end of a routine and nudges.
 */
export const TIPS: readonly Tip[] = [
  {
    id: 'heat',
    title: 'Warm up first',
    text: 'A warm pack before you stretch helps muscles let go.',
    detail:
      'Tight muscles relax more easily when they are warm. A heating pad or warm compress for a ' +
      'few minutes before the routine makes the stretches more comfortable. Skip it on a spot ' +
      'that is very painful or swollen.',
    moments: ['beforeRoutine'],
    origin: 'guide',
  },
  {
    id: 'foam-roller',
    title: 'Roll gently',
    text: 'A foam roller or ball can ease tight spots.',
    detail:
      'Rolling slowly over a tight spot with a foam roller or a massage ball can help ease knots ' +
      'and get blood moving through the muscle. Keep the pressure light, and stay off any spot ' +
      'that hurts sharply.',
    moments: ['afterRoutine'],
    origin: 'guide',
  },
  {
    id: 'hydration',
    title: 'Sip some water',
    text: 'Muscles stay supple when you drink enough water.',
    detail:
      'Being low on fluids can make muscles feel tighter. Keep water nearby and drink through the ' +
      'day so your muscles stay supple.',
    moments: ['duringRest', 'afterRoutine', 'onNudge'],
    origin: 'guide',
  },
  {
    id: 'posture',
    title: 'Sit tall',
    text: 'Skip the slouch; support your back when you sit.',
    detail:
      'Slumping loads the back for hours at a time. Sit upright, and set up your chair and screen ' +
      'so your back is supported during long spells at a desk.',
    moments: ['onNudge', 'afterRoutine'],
    origin: 'guide',
  },
  {
    id: 'move-often',
    title: 'Keep moving',
    text: 'Short, frequent moves keep stiffness away.',
    detail:
      'Getting up and moving often stops stiffness from building and helps keep new knots from ' +
      'forming. A short walk or a quick stretch every hour goes a long way.',
    moments: ['onNudge', 'duringRest', 'afterRoutine'],
    origin: 'guide',
  },
  {
    id: 'ease-off',
    title: 'Go gently today',
    text: 'Ease off, and stop any stretch that hurts.',
    detail:
      'When your back hurts a lot, do less: move slowly, keep each stretch small, and stop any ' +
      'stretch that hurts. Rest is fine. If the pain persists, please see a physical therapist ' +
      'or chiropractor.',
    moments: ['highPain'],
    origin: 'app',
  },
];

/** All tips that fit a moment, in catalog order. */
export function tipsFor(moment: TipMoment): readonly Tip[] {
  return TIPS.filter((t) => t.moments.indexOf(moment) >= 0);
}

/**
 * One tip for a moment, chosen by `seed` (any finite number; e.g. a session's start time or a
 * day number). Deterministic; never undefined, because every moment has at least one tip.
 */
export function tipFor(moment: TipMoment, seed: number): Tip {
  const fitting = tipsFor(moment);
  const n = fitting.length;
  const whole = Number.isFinite(seed) ? Math.floor(Math.abs(seed)) : 0;
  // Mix the seed a little so consecutive seeds (1, 2, 3…) and round timestamps both rotate.
  const index = (whole + Math.floor(whole / 1000) + Math.floor(whole / 86_400_000)) % n;
  return fitting[index] ?? (fitting[0] as Tip);
}
