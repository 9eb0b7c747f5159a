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
  agoText,
  checkDisplayName,
  type CreatedInvitation,
  type InvitationInfo,
  invitationExpiryText,
  invitationStatus,
  type Me,
  type PasskeyInfo,
} from '../core';
import { useNow } from '../hooks/useNow';
import { useSyncContext } from '../hooks/useSync';
import { Link } from '../routing/Link';
import { forgetReplica } from '../sync/open-replica';

const day = (ms: number) =>
  new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function loadProblem(error: ApiError): string {
  return error.status === 0
    ? 'Could not reach the Unknot server just now. Please try again in a moment.'
    : 'Your account details could not be loaded just now. Please try again in a moment.';
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
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const check = checkDisplayName(name);
    if (!check.ok) {
      setMessage({ error: true, text: check.message });
      return;
    }
    setBusy(true);
    const res = await api.rename(check.name);
    setBusy(false);
    if (res.ok) {
      setName(res.value.user.displayName);
      setMessage({ error: false, text: 'Saved.' });
      onSaved(res.value);
    } else setMessage({ error: true, text: res.error.status === 0 ? res.error.message : res.error.message });
  };
  return (
    <section className="card" aria-labelledby="name-h">
      <h2 id="name-h">Your name</h2>
      <form onSubmit={save}>
        <div className="field">
          <label htmlFor={id}>Display name</label>
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
          {busy ? 'Saving…' : 'Save name'}
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
      title: `Remove the passkey “${p.name}”?`,
      body: last
        ? 'It is your only passkey. Without it, the way back in is a sign-in link from the server (`npm run sign-in-link` where Unknot runs, or ask whoever runs it).'
        : 'It can no longer sign in to your account. Your other passkeys keep working.',
      confirmLabel: 'Remove passkey',
      danger: true,
    });
    if (!ok) return;
    const res = await api.removePasskey(p.passkeyId);
    if (!res.ok) setProblem('That passkey could not be removed just now. Please try again.');
    await reload();
  };
  return (
    <section className="card" aria-labelledby="passkeys-h">
      <h2 id="passkeys-h">Passkeys</h2>
      <p className="muted">
        A passkey signs you in with your fingerprint, face or device PIN. Add one on each device you use.
      </p>
      {passkeys.length === 0 ? (
        <p className="empty">No passkey yet: today you sign in with a link from the server.</p>
      ) : (
        <ul className="account-list" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li key={p.passkeyId}>
              <div>
                <strong>{p.name}</strong>
                <span className="muted">
                  Added {day(p.createdAt)} ·{' '}
                  {p.lastUsedAt === null ? 'not used yet' : `last used ${agoText(p.lastUsedAt, now)}`}
                </span>
              </div>
              <button type="button" className="secondary" onClick={() => void remove(p)}>
                Remove<span className="visually-hidden"> {p.name}</span>
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
          Passkeys need this server’s name rather than a number address.{' '}
          {address.instead ? (
            <>
              Open <a href={`${address.instead}/account`}>{address.instead}</a> to add one (start the server
              with PUBLIC_URL={address.instead} so its sign-in links go there too).
            </>
          ) : (
            'Open Unknot at its host name (set PUBLIC_URL on the server) to add one.'
          )}
        </p>
      ) : supported ? (
        <button type="button" onClick={() => void add()} disabled={busy}>
          {busy ? 'Waiting for your passkey…' : 'Add a passkey'}
        </button>
      ) : (
        <p className="muted">
          This browser cannot make a passkey here: passkeys need an address starting with https:// (or
          http://localhost).
        </p>
      )}
      {confirmDialog}
    </section>
  );
}

function statusText(i: InvitationInfo, now: number): string {
  switch (invitationStatus(i, now)) {
    case 'used':
      return `Used by ${i.usedByName ?? 'someone'}`;
    case 'revoked':
      return 'Withdrawn';
    case 'expired':
      return 'Expired';
    default:
      return `Open, ${invitationExpiryText(i.expiresAt, now)}`;
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
    else setProblem('The invitation could not be made just now. Please try again.');
    await load();
  };
  const revoke = async (i: InvitationInfo) => {
    const ok = await confirm({
      title: 'Withdraw this invitation?',
      body: 'Its link stops working at once. You can make a new one any time.',
      confirmLabel: 'Withdraw',
      danger: true,
    });
    if (!ok) return;
    const res = await api.revokeInvitation(i.invitationId);
    if (!res.ok) setProblem('The invitation could not be withdrawn just now. Please try again.');
    if (created?.invitationId === i.invitationId) setCreated(null);
    await load();
  };
  const link = created ? invitationLink(window.location.origin, created.token) : null;
  return (
    <section className="card" aria-labelledby="invites-h">
      <h2 id="invites-h">Invite someone</h2>
      <p className="muted">
        Someone in your household can have their own account on this server. An invitation link works once and
        lasts 7 days; what they record is theirs alone, and yours stays yours.
      </p>
      {link && created && (
        <div className="notice calm" data-testid="new-invitation">
          <label htmlFor={linkId}>Send this link to the person you invite (it is shown only now):</label>
          <input id={linkId} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <p className="muted">{invitationExpiryText(created.expiresAt, now)}.</p>
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
            Copy link
          </button>
          <span role="status">{copied ? ' Copied.' : ''}</span>
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={() => void create()}>
        Make an invitation link
      </button>
      {list && list.length > 0 && (
        <ul className="account-list" data-testid="invitation-list">
          {list.map((i) => {
            const open = invitationStatus(i, now) === 'open';
            return (
              <li key={i.invitationId}>
                <div>
                  <strong>Made {day(i.createdAt)}</strong>
                  <span className="muted">{statusText(i, now)}</span>
                </div>
                {open && (
                  <button type="button" className="secondary" onClick={() => void revoke(i)}>
                    Withdraw<span className="visually-hidden"> the invitation made {day(i.createdAt)}</span>
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
  return (
    <section className="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Where you are signed in</h2>
      <ul className="account-list" data-testid="session-list">
        {info.sessions.map((s) => (
          <li key={s.id}>
            <div>
              <strong>{s.current ? 'This browser' : 'Another browser'}</strong>
              <span className="muted">
                Signed in {agoText(s.createdAt, now)} · until {day(s.expiresAt)}
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
            title: 'Sign out everywhere?',
            body: 'Every browser signed in to this account is signed out now. Paired watches keep syncing.',
            confirmLabel: 'Sign out everywhere',
            danger: true,
          });
          if (ok) onSignOutEverywhere();
        }}
      >
        Sign out everywhere
      </button>
      <p className="muted">
        Watches and phones are on the <Link href="/devices">Devices</Link> page.
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
      <h1>Account</h1>
      <p className="page-intro">Your name, how you sign in, and who else uses this Unknot server.</p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {info === null ? (
        !problem && <p className="muted">Loading…</p>
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
              <h2 id="signin-h">Signing in</h2>
              <p className="muted">
                This server signs you in with Firebase (email and password), so passkeys and invitations are
                not offered here.
              </p>
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
