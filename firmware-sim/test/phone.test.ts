import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSim, type SettingsNode } from '../src/index.js';
import { type PageWithRequest, SAMPLE_APP, T0, tempDir } from './helpers.js';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: 'watch', method: req.method }));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function findInput(node: SettingsNode | string | undefined, label: string): SettingsNode | undefined {
  if (!node || typeof node === 'string') return undefined;
  if (node.type === 'TextInput' && node.props.label === label) return node;
  for (const c of node.children) {
    const f = findInput(c, label);
    if (f) return f;
  }
  return undefined;
}

describe('phone host', () => {
  it('the side service fetches a real server (Zepp fetch shape) with the URL typed into the settings app', async () => {
    const dataDir = tempDir();
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir });
    // A user types the server URL in the phone settings app.
    const input = findInput(sim.phone.settingsApp(), 'Server URL');
    if (!input) throw new Error('no Server URL input');
    (input.props.onChange as (v: string) => void)(base);
    expect(sim.phone.settings.getItem('serverUrl')).toBe(base);
    expect(findInput(sim.phone.settingsApp(), 'Server URL')?.props.value).toBe(base);

    await sim.launch();
    const page = sim.watch?.page as unknown as PageWithRequest;
    const ok = await sim.run(page.request({ method: 'server', params: { path: '/hello' } }));
    expect(ok).toEqual({ status: 200, body: { hello: 'watch', method: 'GET' } });
    const missing = await sim.run(page.request({ method: 'server', params: { path: '/x' } }));
    expect(missing).toEqual({ status: 404, body: 'not here' });
    expect(sim.phone.fetchLog().map((f) => f.status)).toEqual([200, 404]);

    sim.phone.setOnline(false);
    await expect(
      sim.run(page.request({ method: 'server', params: { path: '/hello' } })),
    ).rejects.toMatchObject({
      message: 'network unavailable (phone offline)',
    });
    // Settings persisted as JSON in the data dir.
    expect(JSON.parse(readFileSync(join(dataDir, 'phone', 'settings.json'), 'utf8'))).toEqual({
      serverUrl: base,
    });
  });

  it('settingsStorage change events reach the side service; settings survive a new sim', async () => {
    const settingsFile = join(tempDir(), 's.json');
    const a = await createSim({ appDir: SAMPLE_APP, phone: { settingsFile, settings: { pairingCode: '' } } });
    a.phone.start();
    a.phone.settings.setItem('pairingCode', 'ABC123');
    expect(a.timeline.entries.find((e) => e.event === 'phone.settings.change')).toMatchObject({
      key: 'pairingCode',
      newValue: 'ABC123',
    });
    const b = await createSim({ appDir: SAMPLE_APP, phone: { settingsFile } });
    expect(b.phone.settings.getItem('pairingCode')).toBe('ABC123');
  });
});
