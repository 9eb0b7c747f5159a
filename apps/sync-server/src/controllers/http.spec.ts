import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthConfig, HTTP_ROUTES, type Me, sessionNoteWrite } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeOp, registerOp, sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  loginOwner,
  pairDevice,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';

describe('HTTP endpoints', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  const dashboardDir = mkdtempSync(join(tmpdir(), 'unknot-dash-'));

  beforeAll(async () => {
    mkdirSync(join(dashboardDir, 'assets'));
    writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Unknot</title>');
    writeFileSync(join(dashboardDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer({}, { DASHBOARD_DIR: dashboardDir });
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  it('answers health, readiness and metrics', async () => {
    expect((await http(server.url, 'GET', HTTP_ROUTES.health)).body).toEqual({ ok: true });
    expect((await http(server.url, 'GET', HTTP_ROUTES.ready)).body).toEqual({ ok: true });
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    await c.push([sessionOp(dev.deviceId, 1), { ...sessionOp(dev.deviceId, 2), type: 'nope' }]);
    const metrics = await http(server.url, 'GET', HTTP_ROUTES.metrics);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toMatch(/unknot_ops_acked_total\{outcome="applied"\} 1/);
    expect(metrics.text).toMatch(/unknot_ops_rejected_total\{code="unknownOpType"\} 1/);
    expect(metrics.text).toMatch(/unknot_push_duration_seconds_count\{transport="socket"\} 1/);
    expect(metrics.text).toMatch(/unknot_connected_sockets 1/);
    c.close();
  });

  it('reports auth config and the signed-in user', async () => {
    // no passkey registered on this server yet: the sign-in page offers the link only
    expect((await http<AuthConfig>(server.url, 'GET', HTTP_ROUTES.authConfig)).body).toEqual({
      mode: 'local',
      passkeys: false,
    });
    const me = await http<Me>(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${owner.token}` });
    expect(me.body).toEqual({ userId: owner.userId, displayName: 'Owner', email: null });
    expect(server.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login#token=[A-Za-z0-9_-]{43}$/);
  });

  it('exports sessions and nudges from the materialised state as CSV and JSON', async () => {
    const web = await connectSync(server.url, userAuth(owner.token, 'web-export'));
    const session = sessionOp('web-export', 1);
    const sessionId = (session.payload as { id: string }).id;
    const note = sessionNoteWrite({
      sessionId,
      note: 'Tight, then better',
      areas: [{ area: 'midBack', side: 'center' }],
    });
    await web.push([
      session,
      sessionOp('web-export', 1),
      nudgeOp('web-export', 2),
      registerOp('web-export', 3),
      registerOp('web-export', 4, note.key, note.value),
    ]);
    web.close();
    const csv = await http(server.url, 'GET', `${HTTP_ROUTES.export}?format=csv&kind=sessions`, {
      auth: `Bearer ${owner.token}`,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="unknot-sessions.csv"');
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]?.startsWith('session_id,device_id,')).toBe(true);
    expect(rows.filter((r) => r.includes('web-export:'))).toHaveLength(2);
    // the note goes with the session: on both of its rows, and in the JSON as { note, areas }
    const mine = rows.filter((r) => r.startsWith(`${sessionId},`));
    expect(mine).toHaveLength(2);
    for (const r of mine) expect(r.endsWith(',"Tight, then better",midBack:center')).toBe(true);
    const sessionsJson = await http<{ id: string; note: unknown }[]>(
      server.url,
      'GET',
      `${HTTP_ROUTES.export}?format=json&kind=sessions`,
      { auth: `Bearer ${owner.token}` },
    );
    const notes = new Map(sessionsJson.body.map((s) => [s.id, s.note]));
    expect(notes.get(sessionId)).toEqual({
      note: 'Tight, then better',
      areas: [{ area: 'midBack', side: 'center' }],
    });
    // a session with no note (the paired watch's, above) has note: null
    expect([...notes.values()].filter((n) => n === null)).toHaveLength(sessionsJson.body.length - 1);
    const json = await http<unknown[]>(server.url, 'GET', `${HTTP_ROUTES.export}?format=json&kind=nudges`, {
      auth: `Bearer ${owner.token}`,
    });
    expect(json.body).toEqual([nudgeOp('web-export', 2).payload]);
    const bad = await http(server.url, 'GET', `${HTTP_ROUTES.export}?format=xlsx`, {
      auth: `Bearer ${owner.token}`,
    });
    expect(bad.status).toBe(400);
  });

  it('serves the dashboard with an SPA fallback, but not over API routes', async () => {
    const root = await http(server.url, 'GET', '/');
    expect(root.text).toContain('<title>Unknot</title>');
    expect((await http(server.url, 'GET', '/devices/abc')).text).toContain('<title>Unknot</title>');
    expect((await http(server.url, 'GET', '/login')).text).toContain('<title>Unknot</title>');
    expect((await http(server.url, 'GET', '/assets/app.js')).text).toBe('console.log(1)');
    expect((await http(server.url, 'GET', '/assets/missing.js')).status).toBe(404);
    expect((await http(server.url, 'GET', '/v1/nope')).body).toMatchObject({ ok: false });
  });
});

describe('graceful shutdown', () => {
  it('finishes pushes in flight, then closes the store', async () => {
    const server = await startTestServer();
    const owner = await loginOwner(server);
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    const ops = Array.from({ length: 400 }, (_, i) => sessionOp(dev.deviceId, i + 1));
    const pending = c.push(ops);
    await new Promise((r) => setTimeout(r, 2));
    const closing = server.close();
    const res = await pending.catch(() => null);
    await closing;
    const { SqliteStore } = await import('../stores/sqlite.store.js');
    const reopened = new SqliteStore({ file: join(server.dataDir, 'unknot.db') });
    const head = await reopened.headSeq(owner.userId);
    // either the push was acked (and stored) or it never reached the server; never half
    if (res?.ok) expect(head).toBe(400);
    else expect([0, 400]).toContain(head);
    await reopened.close();
    c.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  });
});
