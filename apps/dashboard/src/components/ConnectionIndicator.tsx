import { useConnection } from '../hooks/useSync';
import { errorText } from '../i18n/errors';
import { t, useT } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../sync/sync-connection';

export function connectionLabel(c: ConnectionSnapshot): string {
  const count = c.pending;
  switch (c.status) {
    case 'online':
      return count > 0 ? t('connection.onlinePending', { count }) : t('connection.online');
    case 'syncing':
      return count > 0 ? t('connection.syncingPending', { count }) : t('connection.syncing');
    case 'connecting':
      return t('connection.connecting');
    case 'offline':
      return count > 0 ? t('connection.offlinePending', { count }) : t('connection.offline');
  }
}

/** Always visible in the header; a polite live region so screen readers hear changes without interruption. */
export function ConnectionIndicator() {
  const c = useConnection();
  useT(); // re-render on a change of language
  const label = connectionLabel(c);
  return (
    <output
      className="connection"
      data-status={c.status}
      aria-live="polite"
      title={c.error ? errorText(c.error) : label}
    >
      <span className="dot" aria-hidden="true" />
      <span data-testid="connection-label">{label}</span>
    </output>
  );
}
