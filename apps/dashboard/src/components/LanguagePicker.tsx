import { useId } from 'react';
import { switchLocale, useLocale, useT } from '../i18n/i18n';
import { isLocale, LOCALE_NAMES, LOCALES } from '../i18n/locales';

/**
 * The language of the dashboard in this browser: applied at once (no reload) and remembered
 * (localStorage). Each language is listed by its own name, tagged with its `lang`.
 */
export function LanguagePicker({
  className = 'language-picker',
  showLabel = false,
}: {
  className?: string;
  /** a visible label (the Account page); elsewhere it is for assistive tech only */
  showLabel?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={showLabel ? undefined : 'visually-hidden'}>
        {t('language.label')}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isLocale(next)) void switchLocale(next);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
