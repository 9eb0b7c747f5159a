import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WATCH_DIR } from './paths.js';

/** The entries app.json declares, split by where they run. */
export interface AppEntries {
  device: string[];
  phone: string[];
  pages: string[];
  services: string[];
  /** Shortcut cards (`app-widget`) and widgets (`secondary-widget`). */
  cards: string[];
}

interface AppJsonModules {
  page?: { pages?: string[] };
  'app-service'?: { services?: string[] };
  'app-side'?: { path?: string };
  setting?: { path?: string };
  'app-widget'?: { widgets?: { path: string }[] };
  'secondary-widget'?: { widgets?: { path: string }[] };
}

export function readAppJson(): {
  app: { appId: number; appName: string };
  targets: Record<string, { module: AppJsonModules }>;
} {
  return JSON.parse(readFileSync(join(WATCH_DIR, 'app.json'), 'utf8'));
}

export function appEntries(): AppEntries {
  const json = readAppJson();
  const mod = json.targets.default?.module ?? {};
  const pages = mod.page?.pages ?? [];
  const services = mod['app-service']?.services ?? [];
  const phone = [mod['app-side']?.path, mod.setting?.path].filter((p): p is string => typeof p === 'string');
  const cards = [...(mod['app-widget']?.widgets ?? []), ...(mod['secondary-widget']?.widgets ?? [])].map(
    (w) => w.path,
  );
  return { device: ['app', ...pages, ...services, ...cards], phone, pages, services, cards };
}
