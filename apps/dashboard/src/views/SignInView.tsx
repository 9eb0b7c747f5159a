import { useEffect, useId, useState } from 'react';
import {
  checkInvitation,
  invitationTokenFromLocation,
  passkeyAddressProblem,
  passkeysSupported,
} from '../auth/account-api';
import { invitationProblem, useAuth } from '../auth/auth-context';
import { BrandMark } from '../components/AppShell';
import type { AuthConfig } from '../core';

function tokenFromPasted(text: string): string {
  const t = text.trim();
  const hash = t.indexOf('#');
  if (hash >= 0) return new URLSearchParams(t.slice(hash + 1)).get('token') ?? '';
  return t;
}

function PasskeySignIn() {
  const { signInWithPasskey } = useAuth();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
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
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
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
  const form = (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const token = tokenFromPasted(link);
        if (token) void signInWithLoginToken(token);
      }}
    >
      <p>
        {passkeys
          ? 'No passkey with you? The server prints a one-time sign-in link when it starts, and `npm run sign-in-link` makes a new one. Open it, or paste it here.'
          : 'Open the sign-in link this Unknot server printed when it started — or paste it here. Once you are in, you can add a passkey for next time.'}
      </p>
      <div className="field">
        <label htmlFor={id}>Login link</label>
        <input
          id={id}
          value={link}
          autoComplete="off"
          placeholder="http://…/login#token=…"
          onChange={(e) => setLink(e.target.value)}
        />
      </div>
      <button type="submit" className={passkeys ? 'secondary' : undefined} disabled={!link.trim()}>
        Sign in with the link
      </button>
    </form>
  );
  if (!passkeys) return form;
  return (
    <>
      <PasskeySignIn />
      <details className="recovery">
        <summary>Use a sign-in link instead</summary>
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
  useEffect(() => {
    let live = true;
    void checkInvitation(token).then((res) => {
      if (!live) return;
      if (res.ok)
        setState({ status: 'open', invitedBy: res.value.invitedBy, expiresAt: res.value.expiresAt });
      else
        setState({
          status: 'refused',
          message: res.error.status === 0 ? res.error.message : invitationProblem(res.error.code),
        });
    });
    return () => {
      live = false;
    };
  }, [token]);
  if (state.status === 'checking') return <p className="muted">Checking your invitation…</p>;
  if (state.status === 'refused')
    return (
      <p className="field-error" role="alert">
        {state.message}
      </p>
    );
  if (!passkeysSupported() || passkeyAddressProblem(window.location))
    return (
      <p className="field-error" role="alert">
        This browser cannot make a passkey on this page. Open the invitation link in an up-to-date browser, at
        an address starting with https:// or http://localhost.
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
      <p>
        {state.invitedBy} invited you to keep your own back routine on this Unknot server. Your data is yours
        alone: nobody else here can see it.
      </p>
      <div className="field">
        <label htmlFor={id}>Your name</label>
        <input
          id={id}
          value={name}
          autoComplete="name"
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <p className="hint">Shown only to you (and on this server’s invitation list).</p>
      </div>
      <p className="muted">
        Next, your browser asks to make a passkey: you sign in with your fingerprint, face or device PIN, with
        no password to remember.
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy || !name.trim()}>
        {busy ? 'Making your passkey…' : 'Make my account'}
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
        <label htmlFor={`${id}-email`}>Email</label>
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
        <label htmlFor={`${id}-pw`}>Password</label>
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
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

export function SignInView({ config, error }: { config: AuthConfig | null; error: string | null }) {
  const inviteToken = invitationTokenFromLocation(window.location);
  if (inviteToken && config?.mode === 'local')
    return (
      <main className="signin" id="main">
        <p className="brand" style={{ marginBottom: '1rem' }}>
          <BrandMark /> Unknot
        </p>
        <section className="card">
          <h1>You are invited</h1>
          <InviteSignUp token={inviteToken} />
        </section>
      </main>
    );
  return (
    <main className="signin" id="main">
      <p className="brand" style={{ marginBottom: '1rem' }}>
        <BrandMark /> Unknot
      </p>
      <section className="card">
        <h1>Welcome back</h1>
        <p className="muted">Sign in to see how your back routine is going and to manage your watch.</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {config === null ? (
          <p className="field-error" role="alert">
            The sync server cannot be reached right now. Please check that it is running, then reload.
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
