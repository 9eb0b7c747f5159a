import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;

// Component tests read en-US (the catalog's source, compiled at run time outside production).
import { EN_US } from '@unknot/stretch-model/i18n/locales/en-US';
import en from '../src/i18n/catalogs/en-US.json';
import { activate } from '../src/i18n/i18n';

activate('en-US', { messages: en, core: EN_US });
