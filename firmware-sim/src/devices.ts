/** Screen profiles of the devices the sim can impersonate. */
export type ScreenShape = 'r' | 's';

export interface DeviceProfile {
  key: string;
  name: string;
  width: number;
  height: number;
  shape: ScreenShape;
  /** Numeric id returned as `deviceSource`. */
  source: number;
  keyNumber: number;
}

export const DEVICES = {
  gtr4: {
    key: 'gtr4',
    name: 'Amazfit GTR 4',
    width: 466,
    height: 466,
    shape: 'r',
    source: 7930112,
    keyNumber: 2,
  },
  balance: {
    key: 'balance',
    name: 'Amazfit Balance',
    width: 480,
    height: 480,
    shape: 'r',
    source: 8716032,
    keyNumber: 2,
  },
  cheetah: {
    key: 'cheetah',
    name: 'Amazfit Cheetah',
    width: 454,
    height: 454,
    shape: 'r',
    source: 8126720,
    keyNumber: 2,
  },
  gts4: {
    key: 'gts4',
    name: 'Amazfit GTS 4',
    width: 390,
    height: 450,
    shape: 's',
    source: 7995648,
    keyNumber: 2,
  },
  bip5: {
    key: 'bip5',
    name: 'Amazfit Bip 5',
    width: 320,
    height: 380,
    shape: 's',
    source: 8454400,
    keyNumber: 1,
  },
} as const satisfies Record<string, DeviceProfile>;

export type DeviceKey = keyof typeof DEVICES;

export function getDevice(key: DeviceKey | DeviceProfile): DeviceProfile {
  if (typeof key === 'object') return key;
  const d = DEVICES[key];
  if (!d) throw new Error(`unknown device "${String(key)}"; known: ${Object.keys(DEVICES).join(', ')}`);
  return d;
}
