/**
 * `@zos/settings` getLanguage() values and their codes (zeppos-docs
 * `reference/related-resources/language-list.mdx`, "Multilingual Mapping"; the codes are also the
 * keys of app.json's `i18n` and the names of the `.po` files).
 */
export const ZEPP_LANGUAGES: readonly string[] = [
  'zh-CN',
  'zh-TW',
  'en-US',
  'es-ES',
  'ru-RU',
  'ko-KR',
  'fr-FR',
  'de-DE',
  'id-ID',
  'pl-PL',
  'it-IT',
  'ja-JP',
  'th-TH',
  'ar-EG',
  'vi-VN',
  'pt-PT',
  'nl-NL',
  'tr-TR',
  'uk-UA',
  'iw-IL',
  'pt-BR',
  'ro-RO',
  'cs-CZ',
  'el-GR',
  'sr-RS',
  'ca-ES',
  'fi-FI',
  'nb-NO',
  'da-DK',
  'sv-SE',
  'hu-HU',
  'ms-MY',
  'sk-SK',
  'hi-IN',
];

export class UnknownLanguageError extends Error {
  readonly code = 'unknownLanguage';
  constructor(readonly language: string) {
    super(
      `firmware-sim: "${language}" is not a Zepp OS system language (one of ${ZEPP_LANGUAGES.join(', ')})`,
    );
    this.name = 'UnknownLanguageError';
  }
}

/** The getLanguage() number of a language code (exact, as the docs spell it). */
export function zeppLanguageNumber(language: string): number {
  const n = ZEPP_LANGUAGES.indexOf(language);
  if (n < 0) throw new UnknownLanguageError(language);
  return n;
}
