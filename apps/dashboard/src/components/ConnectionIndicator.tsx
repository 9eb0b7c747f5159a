import { useConnection } from '../hooks/useSync';
import type { ConnectionSnapshot } from '../sync/sync-connection';

export function connectionLabel(c: ConnectionSnapshot): string {
  const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;
  switch (c.status) {
    case 'online':
      return c.pending > 0 ? `Online · ${changes(c.pending)} to send` : 'Online · up to date';
    case 'syncing':
      return c.pending > 0 ? `Syncing ${changes(c.pending)}…` : 'Syncing…';
    case 'connecting':
      return 'Connecting…';
    case 'offline':
      return c.pending > 0 ? `Offline · ${changes(c.pending)} waiting` : 'Offline';
  }
}

/** Always visible in the header; a polite live region so screen readers hear changes without interruption. */
export function ConnectionIndicator() {
  const c = useConnection();
  const label = connectionLabel(c);
  return (
    <output
      className="connection"
      data-status={c.status}
      aria-live="polite"
      title={c.error?.message ?? label}
    >
      <span className="dot" aria-hidden="true" />
      <span data-testid="connection-label">{label}</span>
    </output>
  );
}
