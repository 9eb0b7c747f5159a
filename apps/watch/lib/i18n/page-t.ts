import type { Params } from './fill.js';
import { core } from '../core.js';

/**
 * `t` for pages: the shared one app.js carries (`core().t`, `lib/i18n/t.ts`), so no page bundles
 * getText, the plural rule and the placeholder filling again.
 */
export function t(key: string, params?: Params): string {
  return core().t(key, params);
}
