import { gettext } from 'i18n';
import { fill, type Params } from './fill.js';

/**
 * The phone side's words (settings page, side service): the Zepp app's `gettext` from `i18n`,
 * which zeus builds from `setting/i18n/*.po` and `app-side/i18n/*.po` and which picks the phone's
 * language itself. Placeholders as on the watch; the phone texts need no plurals.
 */
export function pt(key: string, params?: Params): string {
  return fill(gettext(key), params);
}
