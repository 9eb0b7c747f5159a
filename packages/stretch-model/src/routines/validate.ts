/**
 * Checks a routine someone edited (dashboard editor, sync op, stored blob) before anything runs
 * it. The valibot `RoutineSchema` checks shape; the rules that need the catalog (which stretch is
 * held and which is repeated, editor bounds, duplicates) are checked here and reported as typed
 * errors, all of them at once, each with a code from a closed set, a dot path and a kind message.
 */
import * as v from 'valibot';
import { getStretch } from '../catalog/stretches.js';
import {
  ROUTINE_MAX_ITEMS,
  ROUTINE_NAME_MAX_LENGTH,
  type Routine,
  RoutineSchema,
} from '../records/routine.js';
import { ROUTINE_BOUNDS } from './timing.js';
import type { CoreMessage } from '../i18n/types.js';
import { stretchNameMessage } from '../i18n/keys.js';

export const ROUTINE_ERROR_CODES = [
  'invalidShape',
  'unknownStretch',
  'noStretches',
  'duplicateStretch',
  'holdOutOfRange',
  'repsOutOfRange',
  'restOutOfRange',
  'wrongKind',
  'missingTarget',
  'blankName',
  'nameTooLong',
  'notWholeNumber',
  'tooManyStretches',
] as const;
export type RoutineErrorCode = (typeof ROUTINE_ERROR_CODES)[number];

export interface RoutineError {
  code: RoutineErrorCode;
  /** Dot path to the offending value, e.g. `items.2.holdSeconds`; '' for the routine itself. */
  path: string;
  message: string;
  /** `message` as a descriptor for any locale (`routine.error.*`). */
  i18n: CoreMessage;
}

export type RoutineValidation = { ok: true; routine: Routine } | { ok: false; errors: RoutineError[] };

function shapeErrors(issues: readonly v.BaseIssue<unknown>[]): RoutineError[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '';
    if (path.endsWith('.stretchId') && typeof issue.input === 'string') {
      return {
        code: 'unknownStretch',
        path,
        message: `We don't know a stretch called "${issue.input}".`,
        i18n: { key: 'routine.error.unknownStretch', params: { stretch: issue.input } },
      };
    }
    // the schema's outer size bounds (an hour, 100 reps) sit outside the editor's ranges: a
    // number past them is still "out of range" to the person, with the editor's message
    const range = issue.type === 'min_value' || issue.type === 'max_value' ? rangeError(path) : null;
    if (range) return range;
    const own = ownShapeError(path, issue);
    if (own) return own;
    // never the validator's own text: the person did not write JSON
    return {
      code: 'invalidShape',
      path,
      message: 'This part of the routine could not be read. Try undoing the change.',
      i18n: { key: 'routine.error.invalidShape' },
    };
  });
}

function nameError(name: string): RoutineError | null {
  if (name.trim() === '')
    return {
      code: 'blankName',
      path: 'name',
      message: 'Give the routine a name.',
      i18n: { key: 'routine.error.blankName' },
    };
  if (name.length > ROUTINE_NAME_MAX_LENGTH)
    return {
      code: 'nameTooLong',
      path: 'name',
      message: `Keep the name to ${ROUTINE_NAME_MAX_LENGTH} characters or fewer.`,
      i18n: { key: 'routine.error.nameTooLong', params: { max: ROUTINE_NAME_MAX_LENGTH } },
    };
  return null;
}

/** The app's own sentence for what the schema refuses: names, whole numbers, list sizes, blanks. */
function ownShapeError(path: string, issue: v.BaseIssue<unknown>): RoutineError | null {
  if (path === 'name' && typeof issue.input === 'string') return nameError(issue.input);
  const isNumberField = path === 'restSeconds' || path.endsWith('.holdSeconds') || path.endsWith('.reps');
  if (isNumberField && issue.type === 'integer')
    return {
      code: 'notWholeNumber',
      path,
      message: path.endsWith('.reps') ? 'Use a whole number of reps.' : 'Use a whole number of seconds.',
      i18n: {
        key: path.endsWith('.reps')
          ? 'routine.error.notWholeNumber.reps'
          : 'routine.error.notWholeNumber.seconds',
      },
    };
  // a cleared field (null) or a number that is not one (NaN): say the range the field wants
  if (isNumberField && issue.type === 'number' && (issue.input === null || typeof issue.input === 'number'))
    return rangeError(path);
  if (path === 'items' && issue.type === 'max_length')
    return {
      code: 'tooManyStretches',
      path,
      message: `A routine holds at most ${ROUTINE_MAX_ITEMS} stretches.`,
      i18n: { key: 'routine.error.tooManyStretches', params: { max: ROUTINE_MAX_ITEMS } },
    };
  return null;
}

function rangeError(path: string): RoutineError | null {
  const { holdSeconds: hold, reps, restSeconds: rest } = ROUTINE_BOUNDS;
  if (path === 'restSeconds')
    return {
      code: 'restOutOfRange',
      path,
      message: `Rest between stretches should be ${rest.min}–${rest.max} seconds.`,
      i18n: { key: 'routine.error.restOutOfRange', params: { min: rest.min, max: rest.max } },
    };
  if (path.endsWith('.holdSeconds'))
    return {
      code: 'holdOutOfRange',
      path,
      message: `Hold for ${hold.min}–${hold.max} seconds.`,
      i18n: { key: 'routine.error.holdOutOfRange', params: { min: hold.min, max: hold.max } },
    };
  if (path.endsWith('.reps'))
    return {
      code: 'repsOutOfRange',
      path,
      message: `Choose ${reps.min}–${reps.max} reps.`,
      i18n: { key: 'routine.error.repsOutOfRange', params: { min: reps.min, max: reps.max } },
    };
  return null;
}

function checkRules(routine: Routine): RoutineError[] {
  const errors: RoutineError[] = [];
  const { holdSeconds: holdBounds, reps: repsBounds, restSeconds: restBounds } = ROUTINE_BOUNDS;

  const badName = nameError(routine.name);
  if (badName) errors.push(badName);
  if (routine.restSeconds < restBounds.min || routine.restSeconds > restBounds.max) {
    errors.push({
      code: 'restOutOfRange',
      path: 'restSeconds',
      message: `Rest between stretches should be ${restBounds.min}–${restBounds.max} seconds.`,
      i18n: { key: 'routine.error.restOutOfRange', params: { min: restBounds.min, max: restBounds.max } },
    });
  }
  if (!routine.items.some((item) => item.enabled)) {
    errors.push({
      code: 'noStretches',
      path: 'items',
      message: 'Turn on at least one stretch.',
      i18n: { key: 'routine.error.noStretches' },
    });
  }

  const seen = new Set<string>();
  routine.items.forEach((item, i) => {
    const at = `items.${i}`;
    const stretch = getStretch(item.stretchId);
    if (seen.has(item.stretchId) && !routine.allowRepeats) {
      errors.push({
        code: 'duplicateStretch',
        path: `${at}.stretchId`,
        message: `${stretch.name} is already in this routine.`,
        i18n: { key: 'routine.error.duplicateStretch', params: { stretch: stretchNameMessage(stretch.id) } },
      });
    }
    seen.add(item.stretchId);

    if (stretch.dosage.kind === 'hold') {
      if (item.reps !== null) {
        errors.push({
          code: 'wrongKind',
          path: `${at}.reps`,
          message: `${stretch.name} is held, not repeated: set a hold time instead.`,
          i18n: { key: 'routine.error.wrongKind.held', params: { stretch: stretchNameMessage(stretch.id) } },
        });
      }
      if (item.holdSeconds === null) {
        errors.push({
          code: 'missingTarget',
          path: `${at}.holdSeconds`,
          message: 'Set a hold time.',
          i18n: { key: 'routine.error.missingTarget.hold' },
        });
      } else if (item.holdSeconds < holdBounds.min || item.holdSeconds > holdBounds.max) {
        errors.push({
          code: 'holdOutOfRange',
          path: `${at}.holdSeconds`,
          message: `Hold for ${holdBounds.min}–${holdBounds.max} seconds.`,
          i18n: { key: 'routine.error.holdOutOfRange', params: { min: holdBounds.min, max: holdBounds.max } },
        });
      }
    } else {
      if (item.holdSeconds !== null) {
        errors.push({
          code: 'wrongKind',
          path: `${at}.holdSeconds`,
          message: `${stretch.name} is repeated, not held: set a number of reps instead.`,
          i18n: {
            key: 'routine.error.wrongKind.repeated',
            params: { stretch: stretchNameMessage(stretch.id) },
          },
        });
      }
      if (item.reps === null) {
        errors.push({
          code: 'missingTarget',
          path: `${at}.reps`,
          message: 'Set a number of reps.',
          i18n: { key: 'routine.error.missingTarget.reps' },
        });
      } else if (item.reps < repsBounds.min || item.reps > repsBounds.max) {
        errors.push({
          code: 'repsOutOfRange',
          path: `${at}.reps`,
          message: `Choose ${repsBounds.min}–${repsBounds.max} reps.`,
          i18n: { key: 'routine.error.repsOutOfRange', params: { min: repsBounds.min, max: repsBounds.max } },
        });
      }
    }
  });
  return errors;
}

/** Validates anything claiming to be a routine. On success the returned routine is a fresh copy. */
export function validateRoutine(input: unknown): RoutineValidation {
  const parsed = v.safeParse(RoutineSchema, input);
  if (!parsed.success) return { ok: false, errors: shapeErrors(parsed.issues) };
  const errors = checkRules(parsed.output);
  return errors.length === 0 ? { ok: true, routine: parsed.output } : { ok: false, errors };
}
