import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './data',
      store: 'sqlite',
      sqliteSynchronous: 'NORMAL',
      sqliteCommitWindowMs: 2,
      sqliteCommitMaxOps: 250,
      authMode: 'local',
      logLevel: 'info',
      redisUrl: undefined,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/unknot',
      STORE: 'firestore',
      AUTH_MODE: 'firebase',
      FIREBASE_PROJECT_ID: 'demo-x',
      REDIS_URL: 'redis://localhost:6379',
      PUBLIC_URL: 'https://unknot.example.com/',
      SESSION_SECRET: 's'.repeat(32),
      DASHBOARD_DIR: '../dashboard/dist',
      LOG_LEVEL: 'debug',
      SQLITE_SYNCHRONOUS: 'FULL',
      SQLITE_COMMIT_WINDOW_MS: '0',
      SQLITE_COMMIT_MAX_OPS: '40',
    });
    expect(c).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      store: 'firestore',
      authMode: 'firebase',
      publicUrl: 'https://unknot.example.com',
      dashboardDir: '../dashboard/dist',
      sqliteSynchronous: 'FULL',
      sqliteCommitWindowMs: 0,
      sqliteCommitMaxOps: 40,
    });
  });

  it('names every bad variable in one clear message', () => {
    const bad = () =>
      loadConfig({ PORT: 'eighty', STORE: 'postgres', REDIS_URL: 'localhost', SESSION_SECRET: 'short' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const text = (err as Error).message;
      expect(text).toContain('PORT="eighty": must be a whole number');
      expect(text).toContain('STORE="postgres": must be "sqlite" or "firestore"');
      expect(text).toContain('REDIS_URL');
      expect(text).toContain('SESSION_SECRET');
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ SQLITE_COMMIT_WINDOW_MS: '500' })).toThrow(/SQLITE_COMMIT_WINDOW_MS/);
    expect(() => loadConfig({ SQLITE_COMMIT_MAX_OPS: '0' })).toThrow(/SQLITE_COMMIT_MAX_OPS/);
    expect(() => loadConfig({ AUTH_MODE: 'firebase' })).toThrow(/FIREBASE_PROJECT_ID: required/);
  });
});
