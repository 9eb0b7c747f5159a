import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../api/http-client';
import { checkDeviceName, type DeviceInfo, type PairingCode } from '../core';
import { coreMessageOf } from '../i18n/core-text';
import { t } from '../i18n/i18n';
import { renameInDeviceNames, rememberDeviceNames } from './useDeviceNames';
import { ClockContext } from './useNow';
import { useApi } from './useSync';

/** What a device action says when it fails: always the app's own sentence. */
export type DeviceActionResult = { ok: true } | { ok: false; message: string };

function renameFailure(error: ApiError): string {
  // a name the browser's check passed but the server refused (a newer rule): its code's sentence
  if (error.code === 'deviceNameInvalid') return t('error.deviceNameInvalid');
  if (error.status === 0) return t('devices.unreachableName');
  if (error.code === 'forbidden') return t('devices.gone');
  if (error.code === 'unauthenticated') return t('devices.signInRename');
  return t('devices.renameFailed');
}

function removeFailure(error: ApiError): string {
  if (error.code === 'deviceNotRevoked') return t('devices.revokeFirst');
  if (error.status === 0) return t('devices.unreachable');
  if (error.code === 'forbidden') return t('devices.gone');
  if (error.code === 'unauthenticated') return t('devices.signInRemove');
  return t('devices.removeFailed');
}

function revokeFailure(error: ApiError): string {
  if (error.status === 0) return t('devices.unreachable');
  if (error.code === 'forbidden') return t('devices.gone');
  if (error.code === 'unauthenticated') return t('devices.signInRevoke');
  return t('devices.revokeFailed');
}

const done = (res: ApiResult<unknown>, failure: (e: ApiError) => string): DeviceActionResult =>
  res.ok ? { ok: true } : { ok: false, message: failure(res.error) };

/** The user's devices from GET /v1/devices, refreshed every few seconds while shown. */
export function useDevices(pollMs = 5000) {
  const api = useApi();
  const clock = useContext(ClockContext);
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // A list fetched before a rename or removal landed must not undo it on screen, and an older
  // answer never replaces a newer one.
  const mutations = useRef(0);
  const requested = useRef(0);
  const applied = useRef(0);

  const refresh = useCallback(async () => {
    const seq = ++requested.current;
    const before = mutations.current;
    const res = await api.listDevices();
    if (before !== mutations.current || seq < applied.current) return;
    applied.current = seq;
    if (res.ok) {
      setDevices(res.value);
      setError(null);
      rememberDeviceNames(api, res.value, clock()); // the names sessions show
    } else setError(res.error);
  }, [api, clock]);

  useEffect(() => {
    void refresh();
    const id = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(id);
  }, [refresh, pollMs]);

  const revoke = useCallback(
    async (deviceId: string): Promise<DeviceActionResult> => {
      const res = await api.revokeDevice(deviceId);
      await refresh();
      return done(res, revokeFailure);
    },
    [api, refresh],
  );

  /** Checks the name with the core's rule first, so a bad one never leaves the browser. */
  const rename = useCallback(
    async (deviceId: string, name: string): Promise<DeviceActionResult> => {
      const checked = checkDeviceName(name);
      if (!checked.ok) return { ok: false, message: coreMessageOf(checked) };
      const res = await api.renameDevice(deviceId, checked.name);
      if (res.ok) {
        mutations.current++;
        const renamed = res.value;
        setDevices((list) => list?.map((d) => (d.deviceId === deviceId ? renamed : d)) ?? list);
        renameInDeviceNames(api, deviceId, renamed.name);
      }
      return done(res, renameFailure);
    },
    [api],
  );

  const remove = useCallback(
    async (deviceId: string): Promise<DeviceActionResult> => {
      const res = await api.removeDevice(deviceId);
      if (res.ok) {
        mutations.current++;
        setDevices((list) => list?.filter((d) => d.deviceId !== deviceId) ?? list);
      } else await refresh();
      return done(res, removeFailure);
    },
    [api, refresh],
  );

  return { devices, error, refresh, revoke, rename, remove };
}

/** Asks the server for a single-use pairing code. */
export function usePairing() {
  const api = useApi();
  const [code, setCode] = useState<PairingCode | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const create = useCallback(async () => {
    setBusy(true);
    const res = await api.createPairingCode();
    setBusy(false);
    if (res.ok) {
      setCode(res.value);
      setError(null);
    } else setError(res.error);
  }, [api]);
  return { code, error, busy, create, clear: () => setCode(null) };
}
