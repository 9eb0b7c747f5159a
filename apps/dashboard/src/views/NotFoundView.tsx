import { Link } from '../routing/Link';

/** Any path the dashboard does not have: said plainly, with the way back. */
export function NotFoundView() {
  return (
    <>
      <h1>Page not found</h1>
      <p className="page-intro">
        There is no page at this address. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <Link href="/">Go to the overview</Link>
      </p>
    </>
  );
}
