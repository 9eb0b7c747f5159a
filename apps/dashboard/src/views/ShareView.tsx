import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useConfirm } from '../components/ConfirmDialog';
import {
  addDays,
  checkReportRange,
  checkShareLinkDays,
  localDate,
  reportDate,
  SHARE_LINK_DEFAULT_DAYS,
  SHARE_LINK_MAX_DAYS,
  type ShareLinkInfo,
} from '../core';
import { createShareLink, listShareLinks, revokeShareLink } from '../report/report-api';
import '../report/report.css';

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const STATUS: Record<ShareLinkInfo['status'], string> = {
  active: 'Open',
  expired: 'Expired',
  revoked: 'Turned off',
};

/** "Share with a professional": make a read-only report link, see who opened it, turn it off. */
export default function ShareView() {
  const { state } = useAuth();
  const getToken = state.status === 'signedIn' ? state.getToken : async () => null;
  const today = localDate(Date.now(), -new Date().getTimezoneOffset());
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  const [days, setDays] = useState(String(SHARE_LINK_DEFAULT_DAYS));
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<{ url: string; copied: boolean } | null>(null);
  const [links, setLinks] = useState<ShareLinkInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [confirmDialog, confirm] = useConfirm();

  const refresh = useCallback(async () => {
    const res = await listShareLinks(getToken);
    if (res.ok) {
      setLinks(res.value);
      setListError(null);
    } else
      setListError(res.error.status === 0 ? 'The links need a connection to the server.' : res.error.message);
  }, [getToken]);
  useEffect(() => void refresh(), [refresh]);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setMade(null);
    const range = checkReportRange(from, to);
    if (!range.ok) return setError(range.error.message);
    const n = Number(days);
    const life = checkShareLinkDays(days.trim() === '' ? undefined : n);
    if (!life.ok) return setError(life.error.message);
    setError(null);
    const res = await createShareLink(getToken, { ...range.range, expiresInDays: life.days });
    if (!res.ok)
      return setError(
        res.error.status === 0 ? 'Making a link needs a connection to the server.' : res.error.message,
      );
    setMade({ url: `${window.location.origin}${res.value.path}`, copied: false });
    void refresh();
  }

  async function copy() {
    if (!made) return;
    try {
      await navigator.clipboard.writeText(made.url);
      setMade({ ...made, copied: true });
    } catch {
      setError('Copying did not work here; please select the link and copy it by hand.');
    }
  }

  async function revoke(link: ShareLinkInfo) {
    const ok = await confirm({
      title: 'Turn this link off?',
      body: `The report for ${reportDate(link.range.from)} – ${reportDate(link.range.to)} will no longer open for anyone who has the link. This cannot be undone; you can make a new link later.`,
      confirmLabel: 'Turn off',
      danger: true,
    });
    if (!ok) return;
    const res = await revokeShareLink(getToken, link.linkId);
    if (!res.ok) setListError(res.error.message);
    void refresh();
  }

  return (
    <>
      <h1>Share with a professional</h1>
      <p className="page-intro">
        Make a read-only link to a report of your stretching — adherence, holds, skips, pain before and after,
        and your notes — to show a physical therapist or chiropractor. The link shows only that report,
        nothing else of your account, and you can turn it off at any time.
      </p>
      <section className="card" aria-labelledby="share-new-h">
        <h2 id="share-new-h">New report link</h2>
        <form onSubmit={(e) => void create(e)} noValidate>
          <div className="share-fields">
            <label>
              From
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label>
              To
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
            </label>
            <label>
              Link lasts (days)
              <input
                type="number"
                min={1}
                max={SHARE_LINK_MAX_DAYS}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-describedby="share-days-hint"
              />
            </label>
          </div>
          <p className="muted" id="share-days-hint">
            From 1 to {SHARE_LINK_MAX_DAYS} days; {SHARE_LINK_DEFAULT_DAYS} unless you choose otherwise.
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit">Make link</button>
          </div>
        </form>
        {made && (
          <div className="share-made" data-testid="share-made">
            <p>Your link (shown only now — keep it somewhere safe or share it straight away):</p>
            <p>
              <input
                className="share-url"
                readOnly
                value={made.url}
                aria-label="Report link"
                onFocus={(e) => e.target.select()}
              />
            </p>
            <div className="actions">
              <button type="button" onClick={() => void copy()}>
                Copy link
              </button>
              <a href={made.url} target="_blank" rel="noreferrer noopener">
                Open the report
              </a>
              <span role="status">{made.copied ? 'Copied.' : ''}</span>
            </div>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="share-list-h">
        <h2 id="share-list-h">Your links</h2>
        {listError && <p role="alert">{listError}</p>}
        {links === null ? (
          <p className="muted">Loading…</p>
        ) : links.length === 0 ? (
          <p className="muted">No links yet.</p>
        ) : (
          <ul className="share-links" data-testid="share-links">
            {links.map((l) => (
              <li key={l.linkId} data-status={l.status}>
                <strong>
                  {reportDate(l.range.from)} – {reportDate(l.range.to)}
                </strong>{' '}
                <span className="muted">· {STATUS[l.status]}</span>
                <br />
                <span className="muted">
                  Made {when(l.createdAt)} ·{' '}
                  {l.status === 'revoked' && l.revokedAt
                    ? `turned off ${when(l.revokedAt)}`
                    : `expires ${when(l.expiresAt)}`}{' '}
                  ·{' '}
                  {l.lastOpenedAt
                    ? `last opened ${when(l.lastOpenedAt)} (${l.opens} ${l.opens === 1 ? 'time' : 'times'})`
                    : 'never opened yet'}
                </span>
                {l.status === 'active' && (
                  <div className="actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void revoke(l)}
                      aria-label={`Turn off the link for ${reportDate(l.range.from)} – ${reportDate(l.range.to)}`}
                    >
                      Turn off
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {confirmDialog}
    </>
  );
}
