import { type ProfessionalAdvice, SAFETY } from '../core';
import { Link } from '../routing/Link';

/** The core decides when; this only shows its kind wording. Never a promise of a cure. */
export function ProfessionalAdviceNotice({
  advice,
  compact = false,
}: {
  advice: ProfessionalAdvice;
  compact?: boolean;
}) {
  if (!advice.flag) return null;
  return (
    <section className="notice" aria-labelledby="pro-h" data-testid="see-professional">
      <h2 id="pro-h">A gentle suggestion</h2>
      <p>{advice.message ?? SAFETY.seeProfessional.long}</p>
      {compact ? (
        <p>
          <Link href="/pain">See your pain trend</Link>
        </p>
      ) : (
        <p>{SAFETY.stopOnSharpPain.long}</p>
      )}
    </section>
  );
}
