import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_APP = fileURLToPath(new URL('./fixtures/sample-app', import.meta.url));
export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fwsim-'));
}

/** The ZML page instance's request method (BasePage `this.request`). */
export type PageWithRequest = {
  request(
    data: { method: string; params?: Record<string, unknown> },
    opts?: { timeout?: number },
  ): Promise<unknown>;
};
