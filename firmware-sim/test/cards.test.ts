/**
 * Shortcut cards (`app-widget`, AppWidget) and widgets (`secondary-widget`, SecondaryWidget):
 * App onCreate, then the card's onInit, build, onResume; its box from `getAppWidgetSize`
 * (height 50 % of the screen by default, 20-60 % with `setAppWidgetSize`); a tap that `push`es
 * opens the app's page in place of the card. A tiny app written to a temp dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSim, type Sim } from '../src/index.js';
import { T0, tempDir } from './helpers.js';

function writeApp(): string {
  const dir = tempDir();
  const file = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  file(
    'app.json',
    JSON.stringify({
      configVersion: 'v3',
      app: {
        appId: 1,
        appName: 'Cards',
        appType: 'app',
        version: { code: 1, name: '1' },
        vender: 't',
        description: '',
      },
      permissions: [],
      runtime: { apiVersion: { compatible: '3.0.0', target: '3.0.0', minVersion: '3.0' } },
      targets: {
        default: {
          module: {
            page: { pages: ['page/index'] },
            'app-widget': { widgets: [{ path: 'app-widget/card', name: 'Card' }] },
            'secondary-widget': { widgets: [{ path: 'secondary-widget/wide', name: 'Wide' }] },
          },
          platforms: [
            { st: 'r', dw: 480 },
            { st: 's', dw: 390 },
          ],
        },
      },
      i18n: { 'en-US': { appName: 'Cards' } },
      defaultLanguage: 'en-US',
    }),
  );
  file('app.ts', `App({ globalData: { opened: 0 }, onCreate() { console.log('app onCreate'); } });\n`);
  file(
    'page/index.ts',
    `import { createWidget, widget } from '@zos/ui';
Page({ onInit(p) { console.log('page ' + p); }, build() { createWidget(widget.TEXT, { x: 0, y: 100, w: 300, h: 50, text: 'Page' }); } });\n`,
  );
  file(
    'app-widget/card.ts',
    `import { createWidget, getAppWidgetSize, setAppWidgetSize, widget } from '@zos/ui';
import { push } from '@zos/router';
AppWidget({
  build() {
    const before = getAppWidgetSize();
    setAppWidgetSize({ h: 10_000 });
    const s = getAppWidgetSize();
    createWidget(widget.TEXT, { x: 0, y: 0, w: s.w, h: 40, text: 'h ' + before.h + ' -> ' + s.h });
    createWidget(widget.BUTTON, { x: 0, y: 50, w: s.w, h: 80, text: 'Go', click_func: () => push({ url: 'page/index', params: 'from-card' }) });
  },
  onResume() { console.log('card resume'); },
  onPause() { console.log('card pause'); },
});\n`,
  );
  file(
    'secondary-widget/wide.ts',
    `import { createWidget, widget } from '@zos/ui';
SecondaryWidget({ build() { createWidget(widget.TEXT, { x: 100, y: 200, w: 266, h: 40, text: 'Wide' }); } });\n`,
  );
  return dir;
}

let sim: Sim | undefined;
afterEach(() => sim?.dispose());

describe('shortcut cards and widgets', () => {
  it('shows a card in its own box, and its tap opens the app page', async () => {
    sim = await createSim({ appDir: writeApp(), device: 'gtr4', startTime: T0 });
    await sim.showCard();
    expect(sim.screen.card()).toBe('app-widget/card');
    // gtr4 is 466 x 466: default 233 px, at most 60 % = 280 px; 4 % margins of 19 px.
    expect(sim.screen.getByText('h 233 -> 280')).toBeDefined();
    expect(sim.cardBox()).toEqual({ w: 428, h: 280, margin: 19, radius: 28 });
    const png = sim.render.raster();
    expect([png.width, png.height]).toEqual([428, 280]);
    const events = sim.timeline.entries.map((e) => e.event);
    expect(events.indexOf('app.onCreate')).toBeLessThan(events.indexOf('card.build'));
    await sim.tap(sim.screen.getByText('Go'));
    expect(sim.screen.card()).toBeUndefined();
    expect(sim.screen.page()).toBe('page/index');
    expect(sim.screen.findByText('Page')).toBeDefined();
    expect(sim.errors).toEqual([]);
  });

  it('shows a widget on the whole screen', async () => {
    sim = await createSim({ appDir: writeApp(), device: 'gtr4', startTime: T0 });
    await sim.showCard({ kind: 'secondary-widget' });
    expect(sim.screen.card()).toBe('secondary-widget/wide');
    expect(sim.cardBox()).toBeUndefined();
    expect(sim.render.raster().width).toBe(466);
    expect(sim.screen.findByText('Wide')).toBeDefined();
    await expect(sim.showCard({ path: 'app-widget/none' })).rejects.toThrow(/declares no app-widget\/none/);
  });
});
