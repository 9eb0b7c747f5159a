import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core, evaluated through the DevTools protocol (the server's CSP forbids inline scripts, and
// the page should be tested under it, so no bypassCSP).
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/** The WCAG 2.1 A/AA violations on the page as it is now, as `rule: selectors` lines ([] = none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Result = { passes: unknown[]; violations: { id: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<Result> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    if (result.passes.length === 0) throw new Error('axe checked nothing');
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
