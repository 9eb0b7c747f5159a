/**
 * What an app-service may call (guides/framework/device/app-service.md, "System API Capabilities
 * and Limitations"): no UI, no timers, no high-power sensors; of `@zos/app`, `@zos/settings`,
 * `@zos/display`, `@zos/device` and `@zos/user` only the `get…` functions; `@zos/ble` except the
 * `mst…` ones; `@zos/app-service`, `@zos/notification` and the other sensors fully. Modules the
 * table does not name (storage, alarm, i18n, utils) are left as they are.
 */

/** Modules a service cannot use at all. */
const NOT_IN_SERVICES = new Set(['@zos/ui', '@zos/router', '@zos/interaction', '@zos/timer']);
/** Modules of which a service has only the `get…` functions (constants stay). */
const GETTERS_ONLY = new Set(['@zos/app', '@zos/settings', '@zos/display', '@zos/device', '@zos/user']);
/** High-power sensors (the same table). */
const HIGH_POWER_SENSORS = ['Accelerometer', 'Geolocation', 'Gyroscope'];

export class ServiceLimitError extends Error {
  constructor(module: string, member?: string) {
    super(
      member
        ? `${module} ${member} is not available in an app-service`
        : `${module} is not available in an app-service`,
    );
    this.name = 'ServiceLimitError';
  }
}

/** The module as a service sees it; throws for a module a service cannot load. */
export function serviceView(name: string, mod: unknown): unknown {
  if (NOT_IN_SERVICES.has(name)) throw new ServiceLimitError(name);
  if (!mod || typeof mod !== 'object') return mod;
  const src = mod as Record<string, unknown>;
  if (GETTERS_ONLY.has(name)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(src)) if (typeof v !== 'function' || k.startsWith('get')) out[k] = v;
    return out;
  }
  if (name === '@zos/ble') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(src)) if (!k.startsWith('mst')) out[k] = v;
    return out;
  }
  if (name === '@zos/sensor') {
    const out: Record<string, unknown> = { ...src };
    for (const k of HIGH_POWER_SENSORS) delete out[k];
    return out;
  }
  return mod;
}
