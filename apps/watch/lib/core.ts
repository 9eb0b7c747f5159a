import type { Core } from './app-core.js';

/**
 * The shared core app.js carries (`lib/app-core.ts`). Pages call this at run time instead of
 * importing the core, so its code is bundled once (in app.js), not once per page.
 */
export function core(): Core {
  return (getApp()._options.globalData as { core: Core }).core;
}
