import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../api/http-client';
import { checkDeviceName, type DeviceInfo, type PairingCode } from '../core';
import { useApi } from './useSync';

/** What a device action says when it fails: always the app's own sentence. */
export type DeviceActionResult = { ok: true } | { ok: false; message: string };

const UNREACHABLE = 'Could not reach the Unknot server. Please check the connection and try again.';

function renameFailure(error: ApiError): string {
  // the server words a refused name with the core's own sentences (checkDeviceName)
  if (error.code === 'deviceNameInvalid') return error.message;
  if (error.status === 0) return `${UNREACHABLE} The name was not changed.`;
  if (error.code === 'forbidden') return 'This device is no longer on your account.';
  if (error.code === 'unauthenticated') return 'Please sign in again to rename this device.';
  return 'The name could not be saved just now. Please try again.';
}

function removeFailure(error: ApiError): string {
  if (error.code === 'deviceNotRevoked')
    return 'Revoke this device first; then it can be removed from the list.';
  if (error.status === 0) return UNREACHABLE;
  if (error.code === 'forbidden') return 'This device is no longer on your account.';
  if (error.code === 'unauthenticated') return 'Please sign in again to remove this device.';
  return 'The device could not be removed just now. Please try again.';
}

function revokeFailure(error: ApiError): string {
  if (error.status === 0) return UNREACHABLE;
  if (error.code === 'forbidden') return 'This device is no longer on your account.';
  if (error.code === 'unauthenticated') return 'Please sign in again to revoke this device.';
  return 'The device could not be revoked just now. Please try again.';
}

const done = (res: ApiResult<unknown>, failure: (e: ApiError) => string): DeviceActionResult =>
  res.ok ? { ok: true } : { ok: false, message: failure(res.error) };

/** The user's devices from GET /v1/devices, refreshed every few seconds while shown. */
export function useDevices(pollMs = 5000) {
  const api = useApi();
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
    } else setError(res.error);
  }, [api]);

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
      if (!checked.ok) return { ok: false, message: checked.message };
      const res = await api.renameDevice(deviceId, checked.name);
      if (res.ok) {
        mutations.current++;
        const renamed = res.value;
        setDevices((list) => list?.map((d) => (d.deviceId === deviceId ? renamed : d)) ?? list);
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
