/**
 * The six back stretches Unknot guides, as data. Everything a screen shows about a stretch lives
 * here once: the watch reads the short `setup`/`steps` lines (each kept to about 40 characters so
 * they fit a round screen), the dashboard reads the longer `description`, and the session engine
 * reads `dosage` (hold seconds or paced reps) and `sides` to build its timeline.
 *
 * Ids are the stable `STRETCH_IDS` from `records/ids.ts`; `CATALOG` keeps them in the order the
 * stretches are usually done, which is also the order of the full back routine.
 */
import type { StretchId } from '../records/ids.js';

/** Where on the body a stretch mainly works. */
export type BodyRegion = 'upper-back' | 'chest' | 'mid-back' | 'lower-back' | 'spine' | 'lats';

/** Where the stretch can be done: decides which stretches suit a desk break. */
export type StretchPosition = 'seated-or-standing' | 'standing' | 'floor';

/** A static stretch held for a number of seconds. */
export interface HoldDosage {
  kind: 'hold';
  defaultSeconds: number;
  /** The range the guidance recommends; the editor allows a wider, validated range. */
  recommendedMinSeconds: number;
  recommendedMaxSeconds: number;
}

/** A moving stretch repeated slowly, one breath in and one breath out per rep. */
export interface RepsDosage {
  kind: 'reps';
  defaultReps: number;
  recommendedMinReps: number;
  recommendedMaxReps: number;
  inhaleSeconds: number;
  exhaleSeconds: number;
  /** What the body does on the in-breath and on the out-breath (short, for the watch). */
  inhaleCue: string;
  exhaleCue: string;
}

export type StretchKind = (HoldDosage | RepsDosage)['kind'];

/** `none`: done once, symmetrically. `both`: one side, then the other. */
export type StretchSides = 'none' | 'both';

export interface Stretch {
  id: StretchId;
  name: string;
  /** Fits a watch title line. */
  shortName: string;
  region: BodyRegion;
  targetMuscles: readonly string[];
  position: StretchPosition;
  /** True when it can be done at or next to a desk without getting on the floor. */
  deskFriendly: boolean;
  /** How to get into position (one short line). */
  setup: string;
  /** 2–4 short lines for the watch. */
  steps: readonly string[];
  /** A fuller explanation for the dashboard. */
  description: string;
  whyItHelps: string;
  dosage: HoldDosage | RepsDosage;
  sides: StretchSides;
  cautions: readonly string[];
}

const STANDARD_HOLD: HoldDosage = {
  kind: 'hold',
  defaultSeconds: 30,
  recommendedMinSeconds: 20,
  recommendedMaxSeconds: 30,
};

const GENERAL_CAUTION = 'Go slowly. Mild tension is fine; sharp pain means stop.';

/** The catalog, in routine order. */
export const CATALOG: readonly Stretch[] = [
  {
    id: 'upper-back',
    name: 'Upper back stretch',
    shortName: 'Upper back',
    region: 'upper-back',
    targetMuscles: ['upper trapezius', 'rhomboids'],
    position: 'seated-or-standing',
    deskFriendly: true,
    setup: 'Sit or stand, back straight',
    steps: ['Cross your arms, clasp hands', 'Push your hands forward', 'Let the upper back round'],
    description:
      'Sitting or standing tall, cross your arms in front of you and hold your hands together. ' +
      'Reach forward with your hands and let your upper back curve until you feel a gentle pull ' +
      'between the shoulder blades.',
    whyItHelps: 'Lengthens the tight muscles between the shoulders and eases upper-back stiffness.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Keep your neck soft; do not pull on it.'],
  },
  {
    id: 'doorway-chest',
    name: 'Doorway chest stretch',
    shortName: 'Doorway chest',
    region: 'chest',
    targetMuscles: ['pectoralis major', 'pectoralis minor'],
    position: 'standing',
    deskFriendly: true,
    setup: 'Stand in an open doorway',
    steps: ['Hands on the frame, shoulder high', 'Take a small step forward', 'Feel the chest open up'],
    description:
      'Stand in a doorway and rest your palms on the frame at about shoulder height. Step one foot ' +
      'forward a little until the front of your chest stretches, and stay there.',
    whyItHelps:
      'Tight chest muscles pull the shoulders forward; opening them takes strain off the upper back.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Stop if your shoulder pinches or tingles.'],
  },
  {
    id: 'childs-pose',
    name: "Child's pose",
    shortName: "Child's pose",
    region: 'lower-back',
    targetMuscles: ['lower back muscles', 'mid-back muscles'],
    position: 'floor',
    deskFriendly: false,
    setup: 'Kneel on the floor',
    steps: ['Sit back onto your heels', 'Slide your arms forward', 'Rest your forehead, breathe deep'],
    description:
      'Kneel down and lower your hips toward your heels. Walk your hands forward along the floor, ' +
      'let your forehead rest down, and sink into the position while breathing slowly and deeply.',
    whyItHelps: 'A soft stretch along the spine that eases the lower and middle back and helps you relax.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'A cushion under the knees helps if they ache.'],
  },
  {
    id: 'cat-cow',
    name: 'Cat-cow',
    shortName: 'Cat-cow',
    region: 'lower-back',
    targetMuscles: ['spinal erectors', 'lower back muscles'],
    position: 'floor',
    deskFriendly: false,
    setup: 'On hands and knees',
    steps: [
      'Hands below shoulders, knees below hips',
      'Breathe in: arch, lift head',
      'Breathe out: round, tuck chin',
    ],
    description:
      'Get onto all fours with your hands under your shoulders and knees under your hips. As you ' +
      'breathe in, let your back dip and lift your head (cow). As you breathe out, round your back ' +
      'up and bring your chin in (cat). Move slowly with your breath for 8 to 10 rounds.',
    whyItHelps: 'Moves the whole spine, making it more flexible and easing tightness in the lower back.',
    dosage: {
      kind: 'reps',
      defaultReps: 8,
      recommendedMinReps: 8,
      recommendedMaxReps: 10,
      inhaleSeconds: 4,
      exhaleSeconds: 4,
      inhaleCue: 'In: arch, look up (cow)',
      exhaleCue: 'Out: round, chin in (cat)',
    },
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Keep the movement small if your back is sore.'],
  },
  {
    id: 'seated-twist',
    name: 'Seated spinal twist',
    shortName: 'Spinal twist',
    region: 'spine',
    targetMuscles: ['deep spinal muscles', 'mid-back muscles', 'lower back muscles'],
    position: 'floor',
    deskFriendly: false,
    setup: 'Sit with both legs straight',
    steps: ['Bend one knee, cross it over', 'Other elbow outside that knee', 'Turn gently toward the knee'],
    description:
      'Sit on the floor with your legs out in front. Bend one knee and place that foot over the ' +
      'straight leg. Put the opposite elbow against the outside of the bent knee and slowly turn ' +
      'your body toward it. Then change legs and turn the other way.',
    whyItHelps: 'Improves how the spine turns and releases tension in the lower and middle back.',
    dosage: STANDARD_HOLD,
    sides: 'both',
    cautions: [GENERAL_CAUTION, 'Turn from the middle back; never force the twist.'],
  },
  {
    id: 'wall-lat',
    name: 'Wall lat stretch',
    shortName: 'Wall lat',
    region: 'lats',
    targetMuscles: ['latissimus dorsi'],
    position: 'standing',
    deskFriendly: true,
    setup: 'Stand facing a wall',
    steps: ['Hands on the wall above your head', 'Keep your arms straight', 'Lean in, let your chest sink'],
    description:
      'Face a wall and place your hands on it higher than your head. Keeping your arms straight, ' +
      'lean your body forward until you feel the stretch down the sides of your back.',
    whyItHelps: 'Loosens the broad back muscles and eases tightness in the upper and middle back.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Keep your lower back from sagging.'],
  },
];

const BY_ID: ReadonlyMap<string, Stretch> = new Map(CATALOG.map((s) => [s.id, s]));

/** The catalog entry for a stretch id (`undefined` only for an id the catalog does not know). */
export function getStretch(id: StretchId): Stretch;
export function getStretch(id: string): Stretch | undefined;
export function getStretch(id: string): Stretch | undefined {
  return BY_ID.get(id);
}

/** Type guard: the id names a stretch in the catalog. */
export function isStretchId(id: unknown): id is StretchId {
  return typeof id === 'string' && BY_ID.has(id);
}
