import type { CoreMessage } from '@unknot/stretch-model';
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

/**
 * A core descriptor (`{ key, params }`) in the phone's language: the build puts the core's keys the
 * phone page shows (`settings.error.*`) into its `.po` (`scripts/i18n-catalog.ts`).
 */
export function phoneCoreText(message: CoreMessage): string {
  const params: Record<string, string | number> = {};
  for (const name of Object.keys(message.params ?? {})) {
    const v = message.params?.[name];
    if (v !== undefined) params[name] = typeof v === 'object' ? phoneCoreText(v) : v;
  }
  return pt(message.key, params);
}
