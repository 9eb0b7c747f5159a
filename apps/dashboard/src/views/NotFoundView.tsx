import { useT } from '../i18n/i18n';
import { Link } from '../routing/Link';

/** Any path the dashboard does not have: said plainly, with the way back. */
export function NotFoundView() {
  const t = useT();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p className="page-intro">{t('notFound.intro')}</p>
      <p>
        <Link href="/">{t('notFound.back')}</Link>
      </p>
    </>
  );
}
