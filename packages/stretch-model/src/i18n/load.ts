/**
 * One locale's table, loaded on demand (a browser bundler makes each a chunk of its own). Not
 * exported from the package's main entry (the watch bundles that and has no dynamic import);
 * import it from `@unknot/stretch-model/i18n`.
 */
import type { Locale } from './locale.js';
import { UnknownLocaleError } from './messages.js';
import type { CoreMessages } from './types.js';

export async function loadCoreMessages(locale: Locale): Promise<CoreMessages> {
  switch (locale) {
    case 'en-US':
      return (await import('./locales/en-US.js')).EN_US;
    case 'de-DE':
      return (await import('./locales/de-DE.js')).DE_DE;
    case 'es-ES':
      return (await import('./locales/es-ES.js')).ES_ES;
    case 'zh-CN':
      return (await import('./locales/zh-CN.js')).ZH_CN;
    default:
      throw new UnknownLocaleError(locale);
  }
}
