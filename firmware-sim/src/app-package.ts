/** Reads an app directory (app.json v3) the way the Zepp build does. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScreenShape } from './devices.js';

export interface AppJson {
  configVersion?: string;
  app: { appId: number; appName: string; version?: { code: number; name: string }; vender?: string };
  permissions?: string[];
  i18n?: Record<string, Record<string, string>>;
  defaultLanguage?: string;
  targets: Record<
    string,
    {
      module?: {
        page?: { pages?: string[] };
        'app-service'?: { services?: string[] };
        'app-side'?: { path?: string };
        setting?: { path?: string };
        'app-widget'?: { widgets?: Array<{ path: string; name?: string }> };
        'secondary-widget'?: { widgets?: Array<{ path: string; name?: string }> };
      };
      platforms?: Array<{ st?: string; dw?: number; name?: string }>;
      designWidth?: number;
    }
  >;
}

export interface AppPackage {
  dir: string;
  json: AppJson;
  target: string;
  appEntry: string;
  pages: string[];
  services: string[];
  appSide: string | undefined;
  setting: string | undefined;
  /** Shortcut cards (`app-widget`, AppWidget) and widgets (`secondary-widget`, SecondaryWidget). */
  cards: CardEntry[];
  designWidth(shape: ScreenShape): number;
  assetsDir(shape: ScreenShape): string | undefined;
}

export type CardKind = 'app-widget' | 'secondary-widget';

export interface CardEntry {
  kind: CardKind;
  path: string;
  name: string;
}

const EXTS = ['', '.ts', '.js', '.mjs'];

/** Resolves an app.json path ("page/index") to a source file (page/index.ts, .js …). */
export function resolveSource(dir: string, rel: string): string {
  for (const ext of EXTS) {
    const p = join(dir, rel + ext);
    if (ext !== '' || /\.[cm]?[jt]s$/.test(rel)) {
      if (existsSync(p)) return p;
    }
  }
  throw new Error(`cannot find source for "${rel}" in ${dir} (tried ${EXTS.filter(Boolean).join(', ')})`);
}

export function loadAppPackage(dir: string): AppPackage {
  const json = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as AppJson;
  if (json.configVersion !== 'v3') throw new Error(`${dir}/app.json: configVersion must be "v3"`);
  const targetName = json.targets.default ? 'default' : Object.keys(json.targets)[0];
  if (!targetName) throw new Error(`${dir}/app.json: no targets`);
  const target = json.targets[targetName];
  const mod = target?.module ?? {};
  const platforms = target?.platforms ?? [];
  return {
    dir,
    json,
    target: targetName,
    appEntry: resolveSource(dir, 'app'),
    pages: mod.page?.pages ?? [],
    services: mod['app-service']?.services ?? [],
    appSide: mod['app-side']?.path,
    setting: mod.setting?.path,
    cards: (['app-widget', 'secondary-widget'] as const).flatMap((kind) =>
      (mod[kind]?.widgets ?? []).map((w) => ({ kind, path: w.path, name: w.name ?? w.path })),
    ),
    designWidth(shape) {
      const p = platforms.find((x) => x.st === shape);
      return p?.dw ?? target?.designWidth ?? (shape === 's' ? 390 : 480);
    },
    assetsDir(shape) {
      for (const name of [`${targetName}.${shape}`, targetName, `common.${shape}`, 'common']) {
        const p = join(dir, 'assets', name);
        if (existsSync(p)) return p;
      }
      return undefined;
    },
  };
}
