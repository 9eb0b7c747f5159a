import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/http-client';
import type { DeviceInfo, PairingCode } from '../core';
import { useApi } from './useSync';

/** The user's devices from GET /v1/devices, refreshed every few seconds while shown. */
export function useDevices(pollMs = 5000) {
  const api = useApi();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    const res = await api.listDevices();
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
    async (deviceId: string) => {
      const res = await api.revokeDevice(deviceId);
      if (!res.ok) setError(res.error);
      await refresh();
      return res.ok;
    },
    [api, refresh],
  );

  return { devices, error, refresh, revoke };
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
