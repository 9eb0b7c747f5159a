import { useEffect, useMemo, useState } from 'react';
import type { TokenSource } from '../api/http-client';
import { createAccountApi, passkeyAddressProblem, passkeysSupported } from '../auth/account-api';
import { passkeyProblem } from '../auth/auth-context';
import { passkeyReminderDue } from '../core';
import { useT } from '../i18n/i18n';
import { Tx } from '../i18n/Tx';
import { Link } from '../routing/Link';

const SNOOZE_KEY = 'unknot.passkeyReminderSnoozedAt';

/**
 * Local mode, signed in with the server's link and no passkey yet: a kind nudge to add one, with
 * "Not now" (it comes back a few days later). Nothing shows once a passkey exists.
 */
export function PasskeyReminder({ getToken, path }: { getToken: TokenSource; path: string }) {
  const api = useMemo(() => createAccountApi(getToken), [getToken]);
  const [due, setDue] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  const t = useT();
  useEffect(() => {
    // at a numeric address no passkey can be made; the Account page says what to do instead
    if (!passkeysSupported() || passkeyAddressProblem(window.location)) return;
    let live = true;
    void api.info().then((res) => {
      if (!live || !res.ok || res.value.passkeys === null) return;
      const raw = Number(localStorage.getItem(SNOOZE_KEY));
      const snoozedAt = Number.isFinite(raw) && raw > 0 ? raw : null;
      setDue(passkeyReminderDue(res.value.passkeys.length, snoozedAt, Date.now()));
    });
    return () => {
      live = false;
    };
  }, [api]);
  if (added)
    return (
      <p className="notice calm" role="status">
        {t('reminder.added')}
      </p>
    );
  if (!due || path === '/account') return null;
  return (
    <section className="notice calm" aria-labelledby="passkey-reminder-h" data-testid="passkey-reminder">
      <h2 id="passkey-reminder-h">{t('reminder.title')}</h2>
      <p>
        <Tx id="reminder.body" components={{ 0: <Link href="/account" /> }} />
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setProblem(null);
            const res = await api.addPasskey();
            setBusy(false);
            if (res.ok) setAdded(true);
            else setProblem(passkeyProblem(res.error));
          }}
        >
          {busy ? t('account.waitingPasskey') : t('account.addPasskey')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            localStorage.setItem(SNOOZE_KEY, String(Date.now()));
            setDue(false);
          }}
        >
          {t('reminder.notNow')}
        </button>
      </div>
    </section>
  );
}
