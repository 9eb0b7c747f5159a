/**
 * The devices the sim can impersonate: short keys onto the official device list
 * (`device-list.ts`), which gives each one its screen, its ids and the API level its firmware
 * reaches.
 */
import { ZEPP_DEVICES, type ZeppDevice } from './device-list.js';

export type ScreenShape = 'r' | 's';

export interface DeviceProfile {
  key: string;
  name: string;
  width: number;
  height: number;
  shape: ScreenShape;
  /** Numeric id returned as `deviceSource` (the first of the device's ids). */
  source: number;
  keyNumber: number;
  /** The highest API level the device's firmware offers (official device list). */
  apiLevel: string;
}

/** Sim key → the device-list `code`. */
const KEYS = {
  gtr4: 'gtr4',
  balance: 'balance',
  balance2: 'balance2',
  cheetah: 'cheetahround',
  gts4: 'gts4',
  active2: 'active2round',
  active2square: 'active2square',
  bip5: 'bip5',
  bip6: 'bip6',
} as const;

export type DeviceKey = keyof typeof KEYS;

function profile(key: string, d: ZeppDevice): DeviceProfile {
  if (d.shape === 'band') throw new Error(`${d.name}: band screens are not simulated`);
  return {
    key,
    name: d.name,
    width: d.width,
    height: d.height,
    shape: d.shape === 'round' ? 'r' : 's',
    source: d.deviceSources[0] ?? 0,
    keyNumber: d.keys ?? 2,
    apiLevel: d.apiLevel,
  };
}

export const DEVICES: Record<DeviceKey, DeviceProfile> = Object.fromEntries(
  Object.entries(KEYS).map(([key, code]) => {
    const d = ZEPP_DEVICES.find((x) => x.code === code);
    if (!d) throw new Error(`device list has no "${code}"`);
    return [key, profile(key, d)];
  }),
) as Record<DeviceKey, DeviceProfile>;

export function getDevice(key: DeviceKey | DeviceProfile): DeviceProfile {
  if (typeof key === 'object') return key;
  const d = DEVICES[key];
  if (!d) throw new Error(`unknown device "${String(key)}"; known: ${Object.keys(DEVICES).join(', ')}`);
  return d;
}
