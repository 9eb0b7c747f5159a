/**
 * Safety text shown by every shell. Unknot gives self-care guidance; it does not diagnose or
 * treat. When pain keeps coming back despite stretching (the guide Unknot follows says: "if pain
 * persists despite stretching"), the app points to a physical therapist or chiropractor.
 *
 * Two different moments, two different wordings:
 * - `afterPainfulRun`: one run ended with a high rating. That alone is not persistent pain, so
 *   the words are gentle: ease off, skip what hurts, rest.
 * - `seeProfessional`: pain has persisted over days (the `seeProfessional()` flag in
 *   `adherence/see-professional.ts` is raised). Only then do we point to a professional.
 *
 * `HIGH_PAIN` is the one high-pain threshold: the flag, the tips and the watch all use it.
 */

/**
 * A rating at or above this on the 0–10 scale counts as high pain. 7 is where the common 0–10
 * pain scales start "severe"; 6 would call a merely sore day high.
 */
export const HIGH_PAIN = 7;

export interface SafetyMessage {
  /** Short enough for a watch screen. */
  short: string;
  /** For the dashboard. */
  long: string;
}

export interface Safety {
  /** Pain that persists over days: shown only when the see-a-professional flag is raised. */
  seeProfessional: SafetyMessage;
  /** One run ended with high pain: gentler words, no referral yet. */
  afterPainfulRun: SafetyMessage;
  disclaimer: SafetyMessage;
  stopOnSharpPain: SafetyMessage;
  /** A pain rating at or above this (0–10) counts as high. Always `HIGH_PAIN`. */
  highPainThreshold: number;
}

export const SAFETY: Safety = {
  seeProfessional: {
    short: 'Pain not easing? See a physical therapist or chiropractor.',
    long:
      'If your pain keeps going even though you stretch regularly, please see a physical ' +
      'therapist or a chiropractor. They can look for the cause and give you treatment that ' +
      'fits your back.',
  },
  afterPainfulRun: {
    short: 'Sore today? Go gently and rest.',
    long:
      'Your back felt sore after this routine. Take it easy for now: ease off, skip any stretch ' +
      'that hurts, and rest. If the pain keeps coming back over the next days, the app will ' +
      'suggest having it looked at.',
  },
  disclaimer: {
    short: 'Guidance only, not medical treatment.',
    long:
      'Unknot offers general stretching and self-care guidance. It is not medical advice and ' +
      'does not replace a diagnosis or treatment from a health professional.',
  },
  stopOnSharpPain: {
    short: 'Sharp pain? Stop and rest.',
    long:
      'A stretch should feel like mild, steady tension. If you feel sharp, shooting or ' +
      'worsening pain, stop the stretch and rest.',
  },
  highPainThreshold: HIGH_PAIN,
};
