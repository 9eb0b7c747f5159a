import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { DeviceInfo } from '../core';
import { useDevices, usePairing } from '../hooks/useDevices';
import { useNow } from '../hooks/useNow';
import { useSyncContext } from '../hooks/useSync';
import { formatAgo } from '../format';

/** Shows XXXXXXXX as XXXX-XXXX, the way people read it aloud. */
export function displayCode(code: string): string {
  const plain = code.replace(/-/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : code;
}

function QrCode({ text }: { text: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // qrcode is only needed here, so it loads with this view.
    import('qrcode').then((qr) =>
      qr
        .toDataURL(text, { margin: 1, width: 336, color: { dark: '#1f2a2a', light: '#ffffff' } })
        .then((url) => {
          if (live) setSrc(url);
        }),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img src={src} alt={`QR code for pairing code ${displayCode(text)}`} /> : null;
}

function PairDevice() {
  const { code, error, busy, create, clear } = usePairing();
  const now = useNow(1000);
  const secondsLeft = code ? Math.max(0, Math.round((code.expiresAt - now) / 1000)) : 0;
  const expired = code !== null && secondsLeft === 0;
  return (
    <section className="card" aria-labelledby="pair-h">
      <h2 id="pair-h">Pair a new device</h2>
      {!code || expired ? (
        <>
          <p className="muted">
            {expired
              ? 'That code has expired. Make a new one when you are ready.'
              : 'Open Unknot’s settings in the Zepp app on your phone, then make a code here and type it in (or scan it).'}
          </p>
          <button type="button" onClick={create} disabled={busy}>
            {busy ? 'Making a code…' : 'Make a pairing code'}
          </button>
        </>
      ) : (
        <div className="pairing">
          <div>
            <p className="muted">Enter this code on your phone:</p>
            <p className="pairing-code" data-testid="pairing-code">
              {displayCode(code.code)}
            </p>
            <p className="muted" aria-live="off">
              Works once, for {Math.floor(secondsLeft / 60)}:{String(secondsLeft % 60).padStart(2, '0')} more.
            </p>
            <button type="button" className="secondary" onClick={clear}>
              Done
            </button>
          </div>
          <QrCode text={code.code} />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error.code === 'rateLimited'
            ? 'Too many codes in a short time. Please wait a minute.'
            : error.message}
        </p>
      )}
    </section>
  );
}

function kindLabel(kind: DeviceInfo['kind']): string {
  return { watch: 'Watch', phone: 'Phone', sim: 'Simulator', web: 'Browser' }[kind];
}

function DeviceRow({
  device,
  thisBrowser,
  onRevoke,
}: {
  device: DeviceInfo;
  thisBrowser: boolean;
  onRevoke: (id: string) => Promise<boolean>;
}) {
  const now = useNow(10_000);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // the confirmation starts on "Keep"; Escape or Keep cancels and focus goes back to Revoke
  const revokeRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setConfirming(false);
    }
  };
  return (
    <tr data-testid={`device-${device.deviceId}`}>
      <th scope="row">
        {device.name}
        {thisBrowser && <span className="muted"> (this browser)</span>}
        <div className="muted" style={{ fontWeight: 400 }}>
          {kindLabel(device.kind)}
        </div>
      </th>
      <td>
        {device.revokedAt !== null ? (
          <span className="pill warn">revoked</span>
        ) : device.connected ? (
          <span className="pill">connected</span>
        ) : (
          <span className="muted">not connected</span>
        )}
      </td>
      <td>{device.lastSyncAt !== null ? formatAgo(device.lastSyncAt, now) : 'never'}</td>
      <td className="hide-narrow">{device.pendingOps ?? '—'}</td>
      <td>
        {device.revokedAt === null &&
          !thisBrowser &&
          (confirming ? (
            <span className="actions" style={{ marginTop: 0 }}>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onKeyDown={cancelOnEscape}
                onClick={async () => {
                  setBusy(true);
                  await onRevoke(device.deviceId);
                  setBusy(false);
                  setConfirming(false);
                }}
              >
                Yes, revoke
              </button>
              <button
                type="button"
                ref={keepRef}
                className="secondary"
                onKeyDown={cancelOnEscape}
                onClick={() => setConfirming(false)}
              >
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              ref={revokeRef}
              className="danger"
              aria-label={`Revoke ${device.name}`}
              onClick={() => setConfirming(true)}
            >
              Revoke
            </button>
          ))}
      </td>
    </tr>
  );
}

export default function DevicesView() {
  const { devices, error, revoke } = useDevices();
  const { replica } = useSyncContext();
  const active = devices?.filter((d) => d.revokedAt === null) ?? [];
  const revoked = devices?.filter((d) => d.revokedAt !== null) ?? [];
  return (
    <>
      <h1>Devices</h1>
      <p className="page-intro">
        Everything that syncs with your account. Revoking a device signs it out at once.
      </p>
      <PairDevice />
      <section className="card" aria-labelledby="devices-h">
        <h2 id="devices-h">Your devices</h2>
        {error && (
          <p className="field-error" role="alert">
            Could not load devices: {error.message}
          </p>
        )}
        {devices === null ? (
          <p className="muted">Loading…</p>
        ) : active.length === 0 && revoked.length === 0 ? (
          <p className="empty">No devices yet. Pair your watch above.</p>
        ) : (
          <div className="table-scroll">
            <table data-testid="device-table">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sync</th>
                  <th scope="col" className="hide-narrow">
                    Waiting to send
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...active, ...revoked].map((d) => (
                  <DeviceRow
                    key={d.deviceId}
                    device={d}
                    thisBrowser={d.deviceId === replica.deviceId}
                    onRevoke={revoke}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
