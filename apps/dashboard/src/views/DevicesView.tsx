import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useConfirm } from '../components/ConfirmDialog';
import { agoText, CONTACT_WINDOW_MS, type DeviceInfo, lastContactText, pendingOpsText } from '../core';
import { type DeviceActionResult, useDevices, usePairing } from '../hooks/useDevices';
import { useNow } from '../hooks/useNow';
import { useSyncContext } from '../hooks/useSync';

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
  return { watch: 'Watch', phone: 'Phone', sim: 'Simulated watch', web: 'Browser' }[kind];
}

/** The name, edited in place: Save or Enter keeps it, Cancel or Escape leaves it as it was. */
function NameEditor({
  device,
  onSave,
  onDone,
}: {
  device: DeviceInfo;
  onSave: (name: string) => Promise<DeviceActionResult>;
  onDone: () => void;
}) {
  const uid = useId();
  const [value, setValue] = useState(device.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await onSave(value);
    setBusy(false);
    if (res.ok) onDone();
    else {
      setError(res.message);
      inputRef.current?.focus();
    }
  };
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  };
  return (
    <form onSubmit={submit} onKeyDown={cancelOnEscape} noValidate>
      <div className="field" style={{ marginBottom: 0, maxWidth: '24rem' }}>
        <label htmlFor={`${uid}-name`}>Name for this {kindLabel(device.kind).toLowerCase()}</label>
        <input
          id={`${uid}-name`}
          ref={inputRef}
          value={value}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${uid}-error` : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        {error && (
          <span id={`${uid}-error`} className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <span className="actions" style={{ marginTop: '0.75rem' }}>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </span>
    </form>
  );
}

function DeviceRow({
  device,
  thisBrowser,
  now,
  onRevoke,
  onRename,
  onRemove,
}: {
  device: DeviceInfo;
  thisBrowser: boolean;
  now: number;
  onRevoke: (id: string) => Promise<DeviceActionResult>;
  onRename: (id: string, name: string) => Promise<DeviceActionResult>;
  onRemove: (device: DeviceInfo, confirmed: () => void) => Promise<DeviceActionResult | null>;
}) {
  // onRemove asks first (the dialog); the button stays enabled meanwhile so focus can return to it
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // the confirmation starts on "Keep"; Escape or Keep cancels and focus goes back to Revoke
  const revokeRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  // leaving the name editor (saved or not) puts focus back on Rename
  useEffect(() => {
    if (!editing && wasEditing.current) renameRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setConfirming(false);
    }
  };
  const revoked = device.revokedAt !== null;
  const pending = pendingOpsText(device.pendingOps, device.kind, thisBrowser);
  const actions = revoked ? (
    <button
      type="button"
      className="secondary"
      aria-label={`Remove from list: ${device.name}`}
      aria-disabled={busy || undefined}
      onClick={async () => {
        if (busy) return;
        const res = await onRemove(device, () => setBusy(true));
        setBusy(false);
        if (res && !res.ok) setActionError(res.message);
        else if (res) setActionError(null);
      }}
    >
      Remove from list
    </button>
  ) : confirming ? (
    <>
      <button
        type="button"
        className="danger"
        disabled={busy}
        onKeyDown={cancelOnEscape}
        onClick={async () => {
          setBusy(true);
          const res = await onRevoke(device.deviceId);
          setBusy(false);
          setConfirming(false);
          setActionError(res.ok ? null : res.message);
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
    </>
  ) : (
    <>
      <button
        type="button"
        ref={renameRef}
        className="secondary"
        aria-label={`Rename ${device.name}`}
        onClick={() => {
          setActionError(null);
          setEditing(true);
        }}
      >
        Rename
      </button>
      {!thisBrowser && (
        <button
          type="button"
          ref={revokeRef}
          className="danger"
          aria-label={`Revoke ${device.name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </button>
      )}
    </>
  );
  return (
    <tr data-testid={`device-${device.deviceId}`}>
      {editing ? (
        <td colSpan={2}>
          <NameEditor
            device={device}
            onSave={(name) => onRename(device.deviceId, name)}
            onDone={() => setEditing(false)}
          />
        </td>
      ) : (
        <>
          <th scope="row">
            <span data-testid="device-name">{device.name}</span>
            {thisBrowser && <span className="muted"> (this browser)</span>}
            <div className="muted" style={{ fontWeight: 400 }}>
              {kindLabel(device.kind)}
            </div>
          </th>
          <td>
            {revoked ? (
              <span className="pill warn">Revoked</span>
            ) : (
              device.connected && (
                <span className="pill" style={{ whiteSpace: 'nowrap' }}>
                  Connected now
                </span>
              )
            )}
            <div data-testid="last-contact">{lastContactText(device.lastContactAt, now)}</div>
            {!revoked && pending && (
              <div className="muted" data-testid="pending">
                {pending}
                {device.pendingOps !== 0 && device.pendingOpsAt !== null && (
                  <> (as of {agoText(device.pendingOpsAt, now)})</>
                )}
              </div>
            )}
            {/* under the contact, so a row fits a phone's width without scrolling sideways */}
            <span className="actions" style={{ marginTop: '0.5rem', gap: '0.5rem' }}>
              {actions}
            </span>
            {actionError && (
              <p className="field-error" role="alert">
                {actionError}
              </p>
            )}
          </td>
        </>
      )}
    </tr>
  );
}

export default function DevicesView() {
  const { devices, error, revoke, rename, remove } = useDevices();
  const { replica } = useSyncContext();
  const now = useNow(10_000);
  const [confirmDialog, confirm] = useConfirm();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const active = devices?.filter((d) => d.revokedAt === null) ?? [];
  const revoked = devices?.filter((d) => d.revokedAt !== null) ?? [];
  const removeFromList = async (
    device: DeviceInfo,
    confirmed: () => void,
  ): Promise<DeviceActionResult | null> => {
    const yes = await confirm({
      title: `Remove ${device.name} from the list?`,
      body: 'It was revoked and can no longer sync. Everything it synced stays in your history; only this row goes.',
      confirmLabel: 'Remove from list',
    });
    if (!yes) return null;
    confirmed();
    const res = await remove(device.deviceId);
    // its row is gone: focus goes to the list's heading rather than to the page's start
    if (res.ok) window.setTimeout(() => headingRef.current?.focus(), 0);
    return res;
  };
  return (
    <>
      <h1>Devices</h1>
      <p className="page-intro">
        Everything that syncs with your account. Revoking a device signs it out at once.
      </p>
      <PairDevice />
      <section className="card" aria-labelledby="devices-h">
        <h2 id="devices-h" ref={headingRef} tabIndex={-1}>
          Your devices
        </h2>
        {error && (
          <p className="field-error" role="alert">
            {error.status === 0
              ? 'Could not reach the Unknot server to show your devices. Trying again in a few seconds.'
              : 'Your devices could not be loaded just now. Trying again in a few seconds.'}
          </p>
        )}
        {devices === null ? (
          <p className="muted">Loading…</p>
        ) : active.length === 0 && revoked.length === 0 ? (
          <p className="empty">No devices yet. Pair your watch above.</p>
        ) : (
          <>
            <div className="table-scroll">
              <table data-testid="device-table">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Contact</th>
                  </tr>
                </thead>
                <tbody>
                  {[...active, ...revoked].map((d) => (
                    <DeviceRow
                      key={d.deviceId}
                      device={d}
                      thisBrowser={d.deviceId === replica.deviceId}
                      now={now}
                      onRevoke={revoke}
                      onRename={rename}
                      onRemove={removeFromList}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">
              A watch syncs through your phone from time to time, so it shows as connected for{' '}
              {Math.round(CONTACT_WINDOW_MS / 60_000)} minute after each contact.
            </p>
          </>
        )}
      </section>
      {confirmDialog}
    </>
  );
}
