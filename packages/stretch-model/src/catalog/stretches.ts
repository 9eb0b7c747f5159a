/**
 * The six back stretches Unknot guides, as data. Everything a screen shows about a stretch lives
 * here once: the watch reads the short `setup`/`steps` lines (each kept to about 40 characters so
 * they fit a round screen), the dashboard reads the longer `description`, and the session engine
 * reads `dosage` (hold seconds or paced reps) and `sides` to build its timeline.
 *
 * Ids are the stable `STRETCH_IDS` from `records/ids.ts`; `CATALOG` keeps them in the order the
 * stretches are usually done, which is also the order of the full back routine.
 *
 * Where the words come from: Unknot follows one stretching guide for trigger points in the back.
 * `guide` restates, in our words, what that guide says for each stretch (its steps, its dosage,
 * why it helps); it is the reference the shorter texts are checked against. Every watch line
 * (`setup`, then `steps`) names in `lineSources` the guide step(s) it restates, or `breathing`
 * (the guide pairs stretching with deep breathing), or `app` for Unknot's own words. `cautions`
 * are always Unknot's own safety advice, not the guide's.
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

/**
 * Where one watch line of a stretch comes from: a number is the index of the `guide.steps` entry
 * it restates; `breathing` is the guide's advice to stretch with slow, deep breaths; `app` marks
 * Unknot's own advice.
 */
export type StretchLineSource = number | 'breathing' | 'app';

/** What the guide says about a stretch, restated in our words. */
export interface StretchGuide {
  steps: readonly string[];
  /** The guide's dosage for it ("Hold 20–30 seconds", "Repeat 8–10 times"). */
  dosage: string;
  whyItHelps: string;
}

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
  /** Unknot's own safety advice (not from the guide). */
  cautions: readonly string[];
  /**
   * What the stretch's picture shows, in words (its alt text; the same words are the `<title>` of
   * `art/<id>.svg`, the project's own drawing of it).
   */
  pictureAlt: string;
  /** The guide's text for this stretch, the reference for everything above. */
  guide: StretchGuide;
  /** For each line of `[setup, ...steps]`, where it comes from (one or more sources). */
  lineSources: readonly (readonly StretchLineSource[])[];
}

const STANDARD_HOLD: HoldDosage = {
  kind: 'hold',
  defaultSeconds: 30,
  recommendedMinSeconds: 20,
  recommendedMaxSeconds: 30,
};

const GENERAL_CAUTION = 'Go slowly. Mild tension is fine; sharp pain means stop.';
const GUIDE_HOLD = 'Hold 20–30 seconds';

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
    steps: [
      'Cross your arms, clasp hands',
      'Gently pull your arms forward',
      'Round upper back, breathe deep',
    ],
    lineSources: [[0], [1], [2], [2, 'breathing']],
    description:
      'Sitting or standing with a straight back, cross your arms in front of you and clasp your ' +
      'hands together. Gently pull your arms forward while you round your upper back, until you ' +
      'feel a gentle pull between the shoulder blades. Breathe slowly and deeply while you hold.',
    whyItHelps: 'Lengthens the tight muscles between the shoulders and eases upper-back stiffness.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Keep your neck soft; do not pull on it.'],
    pictureAlt: 'Upper back stretch: arms crossed and clasped, pulled forward, upper back rounded',
    guide: {
      steps: [
        'Sit or stand with your back straight.',
        'Cross your arms in front of you and clasp your hands together.',
        'Gently pull your arms forward while rounding your upper back.',
      ],
      dosage: GUIDE_HOLD,
      whyItHelps: 'It lengthens tight muscles and reduces upper back stiffness.',
    },
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
    steps: [
      'Hands on the frame, shoulder high',
      'Step forward till the chest opens',
      'Hold, breathing slowly and deeply',
    ],
    lineSources: [[0], [0], [1], ['breathing']],
    description:
      'Stand in a doorway and place your hands on the frame at shoulder height. Step forward a ' +
      'little until you feel a stretch across your chest, and hold it there while breathing ' +
      'slowly and deeply.',
    whyItHelps:
      'Tight chest muscles pull the shoulders forward; opening them takes strain off the upper back.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Stop if your shoulder pinches or tingles.'],
    pictureAlt:
      'Doorway chest stretch: hand on the door frame at shoulder height, one step forward, chest open',
    guide: {
      steps: [
        'Stand in a doorway with your hands on the frame at shoulder height.',
        'Step forward slightly until you feel a stretch in your chest.',
      ],
      dosage: GUIDE_HOLD,
      whyItHelps: 'It counteracts forward shoulder posture and reduces stress on the back.',
    },
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
    steps: ['Sit back onto your heels', 'Arms forward, forehead on floor', 'Relax and breathe deeply'],
    lineSources: [[0], [0], [1], [2, 'breathing']],
    description:
      'Kneel on the floor and sit back on your heels. Stretch your arms forward and rest your ' +
      'forehead on the floor, then relax into the position while breathing slowly and deeply.',
    whyItHelps: 'A soft stretch along the spine that eases the lower and middle back and helps you relax.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'A cushion under the knees helps if they ache.'],
    pictureAlt: "Child's pose: sitting back on the heels, arms forward, forehead resting on the floor",
    guide: {
      steps: [
        'Kneel on the floor and sit back on your heels.',
        'Extend your arms forward and rest your forehead on the floor.',
        'Relax into the stretch and breathe deeply.',
      ],
      dosage: GUIDE_HOLD,
      whyItHelps: 'It gently stretches the spine and promotes relaxation.',
    },
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
    lineSources: [[0], [0], [1, 'breathing'], [2, 'breathing']],
    description:
      'Start on all fours with your hands under your shoulders and knees under your hips. As you ' +
      'breathe in, arch your back and lift your head (cow). As you breathe out, round your back ' +
      'and tuck your chin (cat). Move slowly, breathing deeply, for 8 to 10 rounds.',
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
    pictureAlt:
      'Cat-cow on all fours: breathe out and round the back (cat), breathe in and let it arch (cow)',
    guide: {
      steps: [
        'Start on all fours with hands under shoulders and knees under hips.',
        'Inhale, arch your back and lift your head (cow pose).',
        'Exhale, round your back and tuck your chin (cat pose).',
      ],
      dosage: 'Repeat 8–10 times',
      whyItHelps: 'It enhances spinal flexibility and reduces tightness.',
    },
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
    steps: ['Bend one knee, cross it over', 'Other elbow outside that knee', 'Twist gently, breathe deeply'],
    lineSources: [[0], [0, 1], [1], [2, 'breathing']],
    description:
      'Sit on the floor with your legs out in front. Bend one knee and cross that leg over the ' +
      'straight one. Place the opposite elbow outside the bent knee and gently twist toward the ' +
      'bent knee, breathing slowly and deeply. Then change legs and twist the other way.',
    whyItHelps: 'Improves how the spine turns and releases tension in the lower and middle back.',
    dosage: STANDARD_HOLD,
    sides: 'both',
    cautions: [GENERAL_CAUTION, 'Turn from the middle back; never force the twist.'],
    pictureAlt:
      'Seated spinal twist: one knee bent and crossed over, the other elbow outside it, turning gently',
    guide: {
      steps: [
        'Sit with your legs extended and bend one knee.',
        'Cross the bent leg over the straight leg and place the opposite elbow outside the bent knee.',
        'Gently twist toward the side of the bent knee.',
      ],
      dosage: GUIDE_HOLD,
      whyItHelps: 'It improves spinal rotation and relieves tension in the lower and mid-back.',
    },
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
    steps: [
      'Hands on the wall above your head',
      'Lean forward, arms kept straight',
      'Hold, breathing slowly and deeply',
    ],
    lineSources: [[0], [0], [1], ['breathing']],
    description:
      'Stand facing a wall and place your hands on it above head height. Keeping your arms ' +
      'straight, lean forward until you feel the stretch down the sides of your back, and hold ' +
      'it while breathing slowly and deeply.',
    whyItHelps: 'Loosens the broad back muscles and eases tightness in the upper and middle back.',
    dosage: STANDARD_HOLD,
    sides: 'none',
    cautions: [GENERAL_CAUTION, 'Keep your lower back from sagging.'],
    pictureAlt: 'Wall lat stretch: hands on the wall above the head, leaning forward with straight arms',
    guide: {
      steps: [
        'Stand facing a wall with your hands placed above head height.',
        'Lean forward while keeping your arms straight.',
      ],
      dosage: GUIDE_HOLD,
      whyItHelps: 'It relieves tightness in the upper and mid-back.',
    },
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
