/**
 * Safety text shown by every shell. Unknot gives self-care guidance; it does not diagnose or
 * treat. When pain keeps coming back despite stretching, the app points to a physical therapist
 * or chiropractor. Shells show `disclaimer` once (onboarding, dashboard footer) and
 * `seeProfessional` when pain stays high; `highPainThreshold` is the 0–10 rating from which a
 * session counts as painful.
 */

export interface SafetyMessage {
  /** Short enough for a watch screen. */
  short: string;
  /** For the dashboard. */
  long: string;
}

export interface Safety {
  seeProfessional: SafetyMessage;
  disclaimer: SafetyMessage;
  stopOnSharpPain: SafetyMessage;
  /** A pain rating at or above this (0–10) counts as high. */
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
  highPainThreshold: 7,
};
