import type { ProfessionalAdvice } from '../core';
import { coreText, safety } from '../i18n/core-text';
import { useT } from '../i18n/i18n';
import { Link } from '../routing/Link';

/** The core decides when; this only shows its kind wording. Never a promise of a cure. */
export function ProfessionalAdviceNotice({
  advice,
  compact = false,
}: {
  advice: ProfessionalAdvice;
  compact?: boolean;
}) {
  const t = useT();
  if (!advice.flag) return null;
  return (
    <section className="notice" aria-labelledby="pro-h" data-testid="see-professional">
      <h2 id="pro-h">{t('advice.title')}</h2>
      <p>{advice.i18n ? coreText(advice.i18n) : (advice.message ?? safety().seeProfessional.long)}</p>
      {compact ? (
        <p>
          <Link href="/pain">{t('advice.painLink')}</Link>
        </p>
      ) : (
        <p>{safety().stopOnSharpPain.long}</p>
      )}
    </section>
  );
}
