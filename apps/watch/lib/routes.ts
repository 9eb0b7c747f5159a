/** Page urls, as listed in app.json. */
export const PAGES = {
  home: 'page/home/index',
  picker: 'page/picker/index',
  runner: 'page/runner/index',
  summary: 'page/summary/index',
  nudge: 'page/nudge/index',
  about: 'page/about/index',
  settings: 'page/settings/index',
  history: 'page/history/index',
} as const;

/** Params of the runner page. */
export interface RunnerParams {
  routineId?: string;
  trigger?: 'manual' | 'nudge';
}
