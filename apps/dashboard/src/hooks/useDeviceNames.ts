import { useContext, useEffect, useState } from 'react';
import type { ApiClient } from '../api/http-client';
import type { DeviceInfo } from '../core';
import { ClockContext } from './useNow';
import { useOptionalApi } from './useSync';

/** How long a fetched list of names is used before a newly shown session asks again. */
const FRESH_MS = 60_000;

interface Names {
  at: number;
  names: ReadonlyMap<string, string>;
}

// One list per API client (a sign-in makes a new one), shared by every session shown, so a page
// of 30 sessions asks once.
const cache = new WeakMap<ApiClient, Names>();
const asking = new WeakMap<ApiClient, Promise<Names | null>>();

/** A device list fetched elsewhere (the Devices page's) is the freshest there is: it is used. */
export function rememberDeviceNames(api: ApiClient, devices: readonly DeviceInfo[], at: number): void {
  cache.set(api, { at, names: new Map(devices.map((d) => [d.deviceId, d.name])) });
}

/** A rename that succeeded shows at once in sessions shown after it. */
export function renameInDeviceNames(api: ApiClient, deviceId: string, name: string): void {
  const held = cache.get(api);
  if (held) cache.set(api, { at: held.at, names: new Map(held.names).set(deviceId, name) });
}

function fetchNames(api: ApiClient, now: () => number): Promise<Names | null> {
  const pending = asking.get(api);
  if (pending) return pending;
  const p = api.listDevices().then(
    (res) => {
      asking.delete(api);
      if (!res.ok) return null;
      rememberDeviceNames(api, res.value, now());
      return cache.get(api) ?? null;
    },
    () => {
      asking.delete(api);
      return null;
    },
  );
  asking.set(api, p);
  return p;
}

/**
 * The account's device names by id (from GET /v1/devices), for saying which device recorded a
 * session. Empty until the list came, and when it cannot come (offline): then the id is shown.
 */
export function useDeviceNames(): ReadonlyMap<string, string> {
  const api = useOptionalApi();
  const clock = useContext(ClockContext);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(
    () => (api && cache.get(api)?.names) || new Map(),
  );
  useEffect(() => {
    if (!api) return; // outside a provider (the stored Overview): ids until the replica is up
    let live = true;
    const held = cache.get(api);
    if (held) setNames(held.names);
    if (!held || clock() - held.at > FRESH_MS)
      void fetchNames(api, clock).then((n) => {
        if (live && n) setNames(n.names);
      });
    return () => {
      live = false;
    };
  }, [api, clock]);
  return names;
}
