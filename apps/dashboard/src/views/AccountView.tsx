import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ApiError, TokenSource } from '../api/http-client';
import {
  type AccountApi,
  createAccountApi,
  invitationLink,
  passkeyAddressProblem,
  passkeysSupported,
} from '../auth/account-api';
import { passkeyProblem, useAuth } from '../auth/auth-context';
import { useConfirm } from '../components/ConfirmDialog';
import {
  type AccountInfo,
  agoMessage,
  checkDisplayName,
  type CreatedInvitation,
  type InvitationInfo,
  invitationExpiryMessage,
  invitationStatus,
  type Me,
  type PasskeyInfo,
} from '../core';
import { useNow } from '../hooks/useNow';
import { useSyncContext } from '../hooks/useSync';
import { LanguagePicker } from '../components/LanguagePicker';
import { formatInstant } from '../format';
import { coreMessageOf, coreText } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { t, useT } from '../i18n/i18n';
import { Tx } from '../i18n/Tx';
import { Link } from '../routing/Link';
import { forgetReplica } from '../sync/open-replica';

const day = (ms: number) => formatInstant(ms, 'date');
const ago = (at: number, now: number) => coreText(agoMessage(at, now));

function loadProblem(error: ApiError): string {
  return error.status === 0 ? t('account.loadUnreachable') : t('account.loadFailed');
}

function NameCard({
  user,
  api,
  onSaved,
}: {
  user: Me;
  api: AccountApi;
  onSaved: (info: AccountInfo) => void;
}) {
  const [name, setName] = useState(user.displayName);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const t = useT();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const check = checkDisplayName(name);
    if (!check.ok) {
      setMessage({ error: true, text: coreMessageOf(check) });
      return;
    }
    setBusy(true);
    const res = await api.rename(check.name);
    setBusy(false);
    if (res.ok) {
      setName(res.value.user.displayName);
      setMessage({ error: false, text: t('account.saved') });
      onSaved(res.value);
    } else setMessage({ error: true, text: errorText(res.error) });
  };
  return (
    <section className="card" aria-labelledby="name-h">
      <h2 id="name-h">{t('account.yourName')}</h2>
      <form onSubmit={save}>
        <div className="field">
          <label htmlFor={id}>{t('account.displayName')}</label>
          <input
            id={id}
            value={name}
            autoComplete="name"
            maxLength={80}
            aria-describedby={message ? `${id}-msg` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setMessage(null);
            }}
          />
        </div>
        {message && (
          <p
            id={`${id}-msg`}
            className={message.error ? 'field-error' : 'muted'}
            role={message.error ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
        <button type="submit" disabled={busy || name.trim() === user.displayName}>
          {busy ? t('devices.saving') : t('account.saveName')}
        </button>
      </form>
    </section>
  );
}

function PasskeysCard({
  passkeys,
  api,
  reload,
}: {
  passkeys: PasskeyInfo[];
  api: AccountApi;
  reload: () => Promise<void>;
}) {
  const [confirmDialog, confirm] = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const t = useT();
  const supported = passkeysSupported();
  const address = passkeyAddressProblem(window.location);
  const add = async () => {
    setBusy(true);
    setProblem(null);
    const res = await api.addPasskey();
    setBusy(false);
    if (!res.ok) setProblem(passkeyProblem(res.error));
    await reload();
  };
  const remove = async (p: PasskeyInfo) => {
    const last = passkeys.length === 1;
    const ok = await confirm({
      title: t('account.removePasskeyTitle', { name: p.name }),
      body: last ? t('account.removeLastBody') : t('account.removeBody'),
      confirmLabel: t('account.removePasskey'),
      danger: true,
    });
    if (!ok) return;
    const res = await api.removePasskey(p.passkeyId);
    if (!res.ok) setProblem(t('account.removeFailed'));
    await reload();
  };
  return (
    <section className="card" aria-labelledby="passkeys-h">
      <h2 id="passkeys-h">{t('account.passkeys')}</h2>
      <p className="muted">{t('account.passkeysIntro')}</p>
      {passkeys.length === 0 ? (
        <p className="empty">{t('account.noPasskey')}</p>
      ) : (
        <ul className="account-list" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li key={p.passkeyId}>
              <div>
                <strong>{p.name}</strong>
                <span className="muted">
                  {t('account.added', { date: day(p.createdAt) })} ·{' '}
                  {p.lastUsedAt === null
                    ? t('account.notUsed')
                    : t('account.lastUsed', { ago: ago(p.lastUsedAt, now) })}
                </span>
              </div>
              <button type="button" className="secondary" onClick={() => void remove(p)}>
                {t('account.remove')}
                <span className="visually-hidden"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {address ? (
        <p className="muted" data-testid="passkey-address">
          {t('account.addressNeeded')}{' '}
          {address.instead ? (
            <Tx
              id="account.addressInstead"
              values={{ url: address.instead }}
              // biome-ignore lint/a11y/useAnchorContent: Tx puts the message's link text inside
              components={{ 0: <a href={`${address.instead}/account`} /> }}
            />
          ) : (
            t('account.addressHost')
          )}
        </p>
      ) : supported ? (
        <button type="button" onClick={() => void add()} disabled={busy}>
          {busy ? t('account.waitingPasskey') : t('account.addPasskey')}
        </button>
      ) : (
        <p className="muted">{t('account.noPasskeyHere')}</p>
      )}
      {confirmDialog}
    </section>
  );
}

function statusText(i: InvitationInfo, now: number): string {
  switch (invitationStatus(i, now)) {
    case 'used':
      return t('account.usedBy', { name: i.usedByName ?? t('account.someone') });
    case 'revoked':
      return t('account.withdrawn');
    case 'expired':
      return t('account.expired');
    default:
      return t('account.open', { expiry: coreText(invitationExpiryMessage(i.expiresAt, now)) });
  }
}

function InvitationsCard({ api }: { api: AccountApi }) {
  const [list, setList] = useState<InvitationInfo[] | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmDialog, confirm] = useConfirm();
  const now = useNow();
  const linkId = useId();
  const t = useT();
  const load = useCallback(async () => {
    const res = await api.invitations();
    if (res.ok) setList(res.value);
    else setProblem(loadProblem(res.error));
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const create = async () => {
    setProblem(null);
    setCopied(false);
    const res = await api.createInvitation();
    if (res.ok) setCreated(res.value);
    else setProblem(t('account.inviteFailed'));
    await load();
  };
  const revoke = async (i: InvitationInfo) => {
    const ok = await confirm({
      title: t('account.withdrawTitle'),
      body: t('account.withdrawBody'),
      confirmLabel: t('account.withdraw'),
      danger: true,
    });
    if (!ok) return;
    const res = await api.revokeInvitation(i.invitationId);
    if (!res.ok) setProblem(t('account.withdrawFailed'));
    if (created?.invitationId === i.invitationId) setCreated(null);
    await load();
  };
  const link = created ? invitationLink(window.location.origin, created.token) : null;
  return (
    <section className="card" aria-labelledby="invites-h">
      <h2 id="invites-h">{t('account.invite')}</h2>
      <p className="muted">{t('account.inviteIntro')}</p>
      {link && created && (
        <div className="notice calm" data-testid="new-invitation">
          <label htmlFor={linkId}>{t('account.sendLink')}</label>
          <input id={linkId} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <p className="muted">
            {t('account.expiry', { expiry: coreText(invitationExpiryMessage(created.expiresAt, now)) })}
          </p>
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(link);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            {t('account.copy')}
          </button>
          <span role="status">{copied ? t('account.copied') : ''}</span>
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={() => void create()}>
        {t('account.makeInvite')}
      </button>
      {list && list.length > 0 && (
        <ul className="account-list" data-testid="invitation-list">
          {list.map((i) => {
            const open = invitationStatus(i, now) === 'open';
            return (
              <li key={i.invitationId}>
                <div>
                  <strong>{t('account.made', { date: day(i.createdAt) })}</strong>
                  <span className="muted">{statusText(i, now)}</span>
                </div>
                {open && (
                  <button type="button" className="secondary" onClick={() => void revoke(i)}>
                    {t('account.withdraw')}
                    <span className="visually-hidden">
                      {t('account.withdrawMade', { date: day(i.createdAt) })}
                    </span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {confirmDialog}
    </section>
  );
}

function SessionsCard({ info, onSignOutEverywhere }: { info: AccountInfo; onSignOutEverywhere: () => void }) {
  const [confirmDialog, confirm] = useConfirm();
  const now = useNow();
  const t = useT();
  return (
    <section className="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">{t('account.signedInWhere')}</h2>
      <ul className="account-list" data-testid="session-list">
        {info.sessions.map((s) => (
          <li key={s.id}>
            <div>
              <strong>{s.current ? t('account.thisBrowser') : t('account.anotherBrowser')}</strong>
              <span className="muted">
                {t('account.sessionLine', { ago: ago(s.createdAt, now), date: day(s.expiresAt) })}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          const ok = await confirm({
            title: t('shell.signOutEverywhereTitle'),
            body: t('shell.signOutEverywhereBody'),
            confirmLabel: t('shell.signOutEverywhere'),
            danger: true,
          });
          if (ok) onSignOutEverywhere();
        }}
      >
        {t('shell.signOutEverywhere')}
      </button>
      <p className="muted">
        <Tx id="account.devicesLink" components={{ 0: <Link href="/devices" /> }} />
      </p>
      {confirmDialog}
    </section>
  );
}

/** `/account`: your name, passkeys, where you are signed in, devices and invitations. */
export default function AccountView() {
  const { state, signOut, updateUser } = useAuth();
  const { connection } = useSyncContext();
  const getToken: TokenSource = state.status === 'signedIn' ? state.getToken : async () => null;
  const userId = state.status === 'signedIn' ? state.user.userId : '';
  const api = useMemo(() => createAccountApi(getToken), [getToken]);
  const [info, setInfo] = useState<AccountInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const t = useT();
  const updateRef = useRef(updateUser);
  updateRef.current = updateUser;
  const reload = useCallback(async () => {
    const res = await api.info();
    if (res.ok) {
      setInfo(res.value);
      setProblem(null);
    } else setProblem(loadProblem(res.error));
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const signOutEverywhere = () => {
    connection.close();
    void forgetReplica(userId);
    void signOut({ everywhere: true });
  };
  return (
    <>
      <h1>{t('account.title')}</h1>
      <p className="page-intro">{t('account.intro')}</p>
      <section className="card" aria-labelledby="language-h">
        <h2 id="language-h">{t('account.language')}</h2>
        <p className="muted">{t('account.languageIntro')}</p>
        <LanguagePicker className="field" showLabel />
      </section>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {info === null ? (
        !problem && <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          <NameCard
            user={info.user}
            api={api}
            onSaved={(next) => {
              setInfo(next);
              updateRef.current(next.user);
            }}
          />
          {info.passkeys === null ? (
            <section className="card" aria-labelledby="signin-h">
              <h2 id="signin-h">{t('account.signingIn')}</h2>
              <p className="muted">{t('account.firebase')}</p>
            </section>
          ) : (
            <PasskeysCard passkeys={info.passkeys} api={api} reload={reload} />
          )}
          <SessionsCard info={info} onSignOutEverywhere={signOutEverywhere} />
          {info.passkeys !== null && <InvitationsCard api={api} />}
        </>
      )}
    </>
  );
}
