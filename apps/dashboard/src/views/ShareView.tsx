import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useConfirm } from '../components/ConfirmDialog';
import {
  addDays,
  checkReportRange,
  checkShareLinkDays,
  localDate,
  SHARE_LINK_DEFAULT_DAYS,
  SHARE_LINK_MAX_DAYS,
  type ShareLinkInfo,
} from '../core';
import { createShareLink, listShareLinks, revokeShareLink } from '../report/report-api';
import '../report/report.css';
import { formatDay, formatInstant } from '../format';
import { coreMessageOf } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { type MessageKey, useT } from '../i18n/i18n';

const when = (ms: number) => formatInstant(ms, 'when');
const reportDate = (date: string) => formatDay(date, 'date');
const STATUS: Record<ShareLinkInfo['status'], MessageKey> = {
  active: 'share.status.active',
  expired: 'share.status.expired',
  revoked: 'share.status.revoked',
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
  const t = useT();

  const refresh = useCallback(async () => {
    const res = await listShareLinks(getToken);
    if (res.ok) {
      setLinks(res.value);
      setListError(null);
    } else setListError(res.error.status === 0 ? t('share.listOffline') : errorText(res.error));
  }, [getToken, t]);
  useEffect(() => void refresh(), [refresh]);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setMade(null);
    const range = checkReportRange(from, to);
    if (!range.ok) return setError(coreMessageOf(range.error));
    const n = Number(days);
    const life = checkShareLinkDays(days.trim() === '' ? undefined : n);
    if (!life.ok) return setError(coreMessageOf(life.error));
    setError(null);
    const res = await createShareLink(getToken, { ...range.range, expiresInDays: life.days });
    if (!res.ok) return setError(res.error.status === 0 ? t('share.makeOffline') : errorText(res.error));
    setMade({ url: `${window.location.origin}${res.value.path}`, copied: false });
    void refresh();
  }

  async function copy() {
    if (!made) return;
    try {
      await navigator.clipboard.writeText(made.url);
      setMade({ ...made, copied: true });
    } catch {
      setError(t('share.copyFailed'));
    }
  }

  async function revoke(link: ShareLinkInfo) {
    const ok = await confirm({
      title: t('share.offTitle'),
      body: t('share.offBody', { from: reportDate(link.range.from), to: reportDate(link.range.to) }),
      confirmLabel: t('share.off'),
      danger: true,
    });
    if (!ok) return;
    const res = await revokeShareLink(getToken, link.linkId);
    if (!res.ok) setListError(errorText(res.error));
    void refresh();
  }

  return (
    <>
      <h1>{t('share.title')}</h1>
      <p className="page-intro">{t('share.intro')}</p>
      <section className="card" aria-labelledby="share-new-h">
        <h2 id="share-new-h">{t('share.new')}</h2>
        <form onSubmit={(e) => void create(e)} noValidate>
          <div className="share-fields">
            <label>
              {t('share.from')}
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label>
              {t('share.to')}
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
            </label>
            <label>
              {t('share.lasts')}
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
            {t('share.daysHint', { max: SHARE_LINK_MAX_DAYS, default: SHARE_LINK_DEFAULT_DAYS })}
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit">{t('share.make')}</button>
          </div>
        </form>
        {made && (
          <div className="share-made" data-testid="share-made">
            <p>{t('share.yourLink')}</p>
            <p>
              <input
                className="share-url"
                readOnly
                value={made.url}
                aria-label={t('share.linkLabel')}
                onFocus={(e) => e.target.select()}
              />
            </p>
            <div className="actions">
              <button type="button" onClick={() => void copy()}>
                {t('account.copy')}
              </button>
              <a href={made.url} target="_blank" rel="noreferrer noopener">
                {t('share.open')}
              </a>
              <span role="status">{made.copied ? t('share.copied') : ''}</span>
            </div>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="share-list-h">
        <h2 id="share-list-h">{t('share.yours')}</h2>
        {listError && <p role="alert">{listError}</p>}
        {links === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : links.length === 0 ? (
          <p className="muted">{t('share.none')}</p>
        ) : (
          <ul className="share-links" data-testid="share-links">
            {links.map((l) => (
              <li key={l.linkId} data-status={l.status}>
                <strong>
                  {t('share.range', { from: reportDate(l.range.from), to: reportDate(l.range.to) })}
                </strong>{' '}
                <span className="muted">· {t(STATUS[l.status])}</span>
                <br />
                <span className="muted">
                  {t('share.made', { when: when(l.createdAt) })} ·{' '}
                  {l.status === 'revoked' && l.revokedAt
                    ? t('share.turnedOff', { when: when(l.revokedAt) })
                    : t('share.expires', { when: when(l.expiresAt) })}{' '}
                  ·{' '}
                  {l.lastOpenedAt
                    ? t('share.lastOpened', { when: when(l.lastOpenedAt), count: l.opens })
                    : t('share.neverOpened')}
                </span>
                {l.status === 'active' && (
                  <div className="actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void revoke(l)}
                      aria-label={t('share.offLabel', {
                        from: reportDate(l.range.from),
                        to: reportDate(l.range.to),
                      })}
                    >
                      {t('share.off')}
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
