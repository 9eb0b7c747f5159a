/** Where the parts of the system live, from this file (the harness never depends on the cwd). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real Zepp OS app the sim runs (app.json v3). */
export const WATCH_APP_DIR = join(REPO_ROOT, 'apps', 'watch');
/** The production build of the dashboard (`vite build`), served by the sync server. */
export const DASHBOARD_DIST = join(REPO_ROOT, 'apps', 'dashboard', 'dist');
/** `npm start`'s data folder: SQLite, the session secret, and the sim's watch + phone storage. */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, 'data');
