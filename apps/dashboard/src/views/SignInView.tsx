import { useId, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { BrandMark } from '../components/AppShell';
import type { AuthConfig } from '../core';

function tokenFromPasted(text: string): string {
  const t = text.trim();
  const hash = t.indexOf('#');
  if (hash >= 0) return new URLSearchParams(t.slice(hash + 1)).get('token') ?? '';
  return t;
}

function LocalSignIn() {
  const { signInWithLoginToken } = useAuth();
  const [link, setLink] = useState('');
  const id = useId();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const token = tokenFromPasted(link);
        if (token) void signInWithLoginToken(token);
      }}
    >
      <p>
        This Unknot server runs with a single owner account. Open the login link it printed when it started —
        or paste it here.
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
      <button type="submit" disabled={!link.trim()}>
        Sign in
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
          <LocalSignIn />
        )}
      </section>
    </main>
  );
}
