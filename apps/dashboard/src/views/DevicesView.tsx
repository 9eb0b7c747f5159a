import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useConfirm } from '../components/ConfirmDialog';
import {
  agoMessage,
  CONTACT_WINDOW_MS,
  type DeviceInfo,
  lastContactMessage,
  pendingOpsMessage,
} from '../core';
import { type DeviceActionResult, useDevices, usePairing } from '../hooks/useDevices';
import { useNow } from '../hooks/useNow';
import { useSyncContext } from '../hooks/useSync';
import { coreText } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { type MessageKey, t, useT } from '../i18n/i18n';

/** Shows XXXXXXXX as XXXX-XXXX, the way people read it aloud. */
export function displayCode(code: string): string {
  const plain = code.replace(/-/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : code;
}

function QrCode({ text }: { text: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const t = useT();
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
  return src ? <img src={src} alt={t('devices.qrAlt', { code: displayCode(text) })} /> : null;
}

function PairDevice() {
  const { code, error, busy, create, clear } = usePairing();
  const now = useNow(1000);
  const secondsLeft = code ? Math.max(0, Math.round((code.expiresAt - now) / 1000)) : 0;
  const expired = code !== null && secondsLeft === 0;
  const t = useT();
  return (
    <section className="card" aria-labelledby="pair-h">
      <h2 id="pair-h">{t('devices.pairTitle')}</h2>
      {!code || expired ? (
        <>
          <p className="muted">{expired ? t('devices.codeExpired') : t('devices.pairHow')}</p>
          <button type="button" onClick={create} disabled={busy}>
            {busy ? t('devices.making') : t('devices.make')}
          </button>
        </>
      ) : (
        <div className="pairing">
          <div>
            <p className="muted">{t('devices.enterCode')}</p>
            <p className="pairing-code" data-testid="pairing-code">
              {displayCode(code.code)}
            </p>
            <p className="muted" aria-live="off">
              {t('devices.worksFor', {
                time: `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')}`,
              })}
            </p>
            <button type="button" className="secondary" onClick={clear}>
              {t('devices.done')}
            </button>
          </div>
          <QrCode text={code.code} />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error.code === 'rateLimited' ? t('devices.tooManyCodes') : errorText(error)}
        </p>
      )}
    </section>
  );
}

function kindLabel(kind: DeviceInfo['kind']): string {
  return t(`devices.kind.${kind}` as MessageKey);
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
  const t = useT();
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
        <label htmlFor={`${uid}-name`}>{t(`devices.nameFor.${device.kind}` as MessageKey)}</label>
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
          {busy ? t('devices.saving') : t('devices.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('dialog.cancel')}
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
  const t = useT();
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
  const pendingMessage = pendingOpsMessage(device.pendingOps, device.kind, thisBrowser);
  const pending = pendingMessage ? coreText(pendingMessage) : null;
  const actions = revoked ? (
    <button
      type="button"
      className="secondary"
      aria-label={t('devices.removeLabel', { name: device.name })}
      aria-disabled={busy || undefined}
      onClick={async () => {
        if (busy) return;
        const res = await onRemove(device, () => setBusy(true));
        setBusy(false);
        if (res && !res.ok) setActionError(res.message);
        else if (res) setActionError(null);
      }}
    >
      {t('devices.removeFromList')}
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
        {t('devices.yesRevoke')}
      </button>
      <button
        type="button"
        ref={keepRef}
        className="secondary"
        onKeyDown={cancelOnEscape}
        onClick={() => setConfirming(false)}
      >
        {t('devices.keep')}
      </button>
    </>
  ) : (
    <>
      <button
        type="button"
        ref={renameRef}
        className="secondary"
        aria-label={t('devices.renameLabel', { name: device.name })}
        onClick={() => {
          setActionError(null);
          setEditing(true);
        }}
      >
        {t('devices.rename')}
      </button>
      {!thisBrowser && (
        <button
          type="button"
          ref={revokeRef}
          className="danger"
          aria-label={t('devices.revokeLabel', { name: device.name })}
          onClick={() => setConfirming(true)}
        >
          {t('devices.revoke')}
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
            {thisBrowser && <span className="muted">{t('devices.thisBrowser')}</span>}
            <div className="muted" style={{ fontWeight: 400 }}>
              {kindLabel(device.kind)}
            </div>
          </th>
          <td>
            {revoked ? (
              <span className="pill warn">{t('devices.revoked')}</span>
            ) : (
              device.connected && (
                <span className="pill" style={{ whiteSpace: 'nowrap' }}>
                  {t('devices.connected')}
                </span>
              )
            )}
            <div data-testid="last-contact">{coreText(lastContactMessage(device.lastContactAt, now))}</div>
            {!revoked && pending && (
              <div className="muted" data-testid="pending">
                {pending}
                {device.pendingOps !== 0 &&
                  device.pendingOpsAt !== null &&
                  t('devices.asOf', { ago: coreText(agoMessage(device.pendingOpsAt, now)) })}
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
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const active = devices?.filter((d) => d.revokedAt === null) ?? [];
  const revoked = devices?.filter((d) => d.revokedAt !== null) ?? [];
  const removeFromList = async (
    device: DeviceInfo,
    confirmed: () => void,
  ): Promise<DeviceActionResult | null> => {
    const yes = await confirm({
      title: t('devices.removeTitle', { name: device.name }),
      body: t('devices.removeBody'),
      confirmLabel: t('devices.removeFromList'),
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
      <h1>{t('devices.title')}</h1>
      <p className="page-intro">{t('devices.intro')}</p>
      <PairDevice />
      <section className="card" aria-labelledby="devices-h">
        <h2 id="devices-h" ref={headingRef} tabIndex={-1}>
          {t('devices.yours')}
        </h2>
        {error && (
          <p className="field-error" role="alert">
            {error.status === 0 ? t('devices.listUnreachable') : t('devices.listFailed')}
          </p>
        )}
        {devices === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : active.length === 0 && revoked.length === 0 ? (
          <p className="empty">{t('devices.empty')}</p>
        ) : (
          <>
            <div className="table-scroll">
              <table data-testid="device-table">
                <thead>
                  <tr>
                    <th scope="col">{t('devices.colDevice')}</th>
                    <th scope="col">{t('devices.colContact')}</th>
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
              {t('devices.contactWindow', { count: Math.round(CONTACT_WINDOW_MS / 60_000) })}
            </p>
          </>
        )}
      </section>
      {confirmDialog}
    </>
  );
}
