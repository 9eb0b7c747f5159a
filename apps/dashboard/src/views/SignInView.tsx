import { useEffect, useId, useState } from 'react';
import {
  checkInvitation,
  invitationTokenFromLocation,
  passkeyAddressProblem,
  passkeysSupported,
} from '../auth/account-api';
import { invitationProblem, useAuth } from '../auth/auth-context';
import { BrandMark } from '../components/AppShell';
import { LanguagePicker } from '../components/LanguagePicker';
import type { AuthConfig } from '../core';
import { useT } from '../i18n/i18n';

function tokenFromPasted(text: string): string {
  const s = text.trim();
  const hash = s.indexOf('#');
  if (hash >= 0) return new URLSearchParams(s.slice(hash + 1)).get('token') ?? '';
  return s;
}

function PasskeySignIn() {
  const { signInWithPasskey } = useAuth();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const t = useT();
  return (
    <div className="passkey-signin">
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setProblem(null);
          setProblem(await signInWithPasskey());
          setBusy(false);
        }}
      >
        {busy ? t('account.waitingPasskey') : t('signin.passkey')}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function LocalSignIn({ passkeys }: { passkeys: boolean }) {
  const { signInWithLoginToken } = useAuth();
  const [link, setLink] = useState('');
  const id = useId();
  const t = useT();
  const form = (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const token = tokenFromPasted(link);
        if (token) void signInWithLoginToken(token);
      }}
    >
      <p>{passkeys ? t('signin.noPasskeyWithYou') : t('signin.openLink')}</p>
      <div className="field">
        <label htmlFor={id}>{t('signin.linkLabel')}</label>
        <input
          id={id}
          value={link}
          autoComplete="off"
          placeholder="http://…/login#token=…"
          onChange={(e) => setLink(e.target.value)}
        />
      </div>
      <button type="submit" className={passkeys ? 'secondary' : undefined} disabled={!link.trim()}>
        {t('signin.withLink')}
      </button>
    </form>
  );
  if (!passkeys) return form;
  return (
    <>
      <PasskeySignIn />
      <details className="recovery">
        <summary>{t('signin.useLink')}</summary>
        {form}
      </details>
    </>
  );
}

type InviteState =
  | { status: 'checking' }
  | { status: 'open'; invitedBy: string; expiresAt: number }
  | { status: 'refused'; message: string };

/** `/invite#token=…`: the invitee names themselves and makes a passkey; that is their account. */
function InviteSignUp({ token }: { token: string }) {
  const { acceptInvitation } = useAuth();
  const [state, setState] = useState<InviteState>({ status: 'checking' });
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const t = useT();
  useEffect(() => {
    let live = true;
    void checkInvitation(token).then((res) => {
      if (!live) return;
      if (res.ok)
        setState({ status: 'open', invitedBy: res.value.invitedBy, expiresAt: res.value.expiresAt });
      else
        setState({
          status: 'refused',
          message: res.error.status === 0 ? t('error.unreachable') : invitationProblem(res.error.code),
        });
    });
    return () => {
      live = false;
    };
  }, [token, t]);
  if (state.status === 'checking') return <p className="muted">{t('signin.checking')}</p>;
  if (state.status === 'refused')
    return (
      <p className="field-error" role="alert">
        {state.message}
      </p>
    );
  if (!passkeysSupported() || passkeyAddressProblem(window.location))
    return (
      <p className="field-error" role="alert">
        {t('signin.inviteNoPasskey')}
      </p>
    );
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setProblem(null);
        const res = await acceptInvitation(token, name);
        setProblem(res);
        setBusy(false);
      }}
    >
      <p>{t('signin.invitedBy', { name: state.invitedBy })}</p>
      <div className="field">
        <label htmlFor={id}>{t('signin.yourName')}</label>
        <input
          id={id}
          value={name}
          autoComplete="name"
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <p className="hint">{t('signin.nameHint')}</p>
      </div>
      <p className="muted">{t('signin.passkeyNext')}</p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy || !name.trim()}>
        {busy ? t('signin.makingPasskey') : t('signin.makeAccount')}
      </button>
    </form>
  );
}

function FirebaseSignIn() {
  const { signInWithPassword } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const t = useT();
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await signInWithPassword(email, password);
        setBusy(false);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('signin.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pw`}>{t('signin.password')}</label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" disabled={busy || !email || !password}>
        {busy ? t('signin.signingIn') : t('signin.signIn')}
      </button>
    </form>
  );
}

export function SignInView({ config, error }: { config: AuthConfig | null; error: string | null }) {
  const inviteToken = invitationTokenFromLocation(window.location);
  const t = useT();
  if (inviteToken && config?.mode === 'local')
    return (
      <main className="signin" id="main">
        <p className="brand" style={{ marginBottom: '1rem' }}>
          <BrandMark /> Unknot
        </p>
        <LanguagePicker />
        <section className="card">
          <h1>{t('signin.invited')}</h1>
          <InviteSignUp token={inviteToken} />
        </section>
      </main>
    );
  return (
    <main className="signin" id="main">
      <p className="brand" style={{ marginBottom: '1rem' }}>
        <BrandMark /> Unknot
      </p>
      <LanguagePicker />
      <section className="card">
        <h1>{t('signin.welcome')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {config === null ? (
          <p className="field-error" role="alert">
            {t('signin.unreachable')}
          </p>
        ) : config.mode === 'firebase' ? (
          <FirebaseSignIn />
        ) : (
          <LocalSignIn
            passkeys={
              config.passkeys === true && passkeysSupported() && !passkeyAddressProblem(window.location)
            }
          />
        )}
      </section>
    </main>
  );
}
