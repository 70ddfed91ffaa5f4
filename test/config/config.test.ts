import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: './data',
      secret: undefined,
      logLevel: 'info',
      homeState: 'MT',
      scenariosDir: expect.stringMatching(/scenarios$/),
      store: undefined,
      rateLimit: 600,
      sqliteWrites: 'inline',
      exchangeRetry: { attempts: 10, baseMs: 2000, capMs: 300_000 },
    });
  });

  it('reads every variable, and treats an empty one as unset', () => {
    const cfg = loadConfig({
      DESK_HOST: '0.0.0.0',
      DESK_PORT: '0',
      DESK_DATA: '/var/lib/desk',
      DESK_SECRET: 'x'.repeat(40),
      DESK_LOG_LEVEL: 'warn',
      DESK_HOME_STATE: 'IT',
      DESK_STORE: 'postgres://desk@db.internal:5432/desk',
      DESK_RATE_LIMIT: '1200',
      DESK_EXCHANGE_RETRY: '5,500,8000',
    });
    expect(cfg).toMatchObject({
      exchangeRetry: { attempts: 5, baseMs: 500, capMs: 8000 },
      store: 'postgres://desk@db.internal:5432/desk',
      rateLimit: 1200,
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/desk',
      logLevel: 'warn',
      homeState: 'IT',
    });
    expect(loadConfig({ DESK_PORT: '' }).port).toBe(8080);
  });

  it.each([
    ['DESK_PORT', 'abc', 'DESK_PORT must be an integer from 0 to 65535 (got "abc")'],
    ['DESK_PORT', '65536', 'DESK_PORT must be an integer from 0 to 65535 (got "65536")'],
    ['DESK_PORT', '80.5', 'DESK_PORT must be an integer'],
    ['DESK_HOME_STATE', 'Malta', 'DESK_HOME_STATE must be an ISO 3166-1 alpha-2 code'],
    ['DESK_LOG_LEVEL', 'loud', 'DESK_LOG_LEVEL must be one of'],
    ['DESK_RATE_LIMIT', '0', 'DESK_RATE_LIMIT must be a whole number of requests a minute'],
    ['DESK_RATE_LIMIT', 'lots', 'DESK_RATE_LIMIT must be a whole number of requests a minute'],
    ['DESK_STORE', 'mysql://desk@db/desk', 'DESK_STORE must be a postgres:// URL'],
    ['DESK_EXCHANGE_RETRY', '10', 'DESK_EXCHANGE_RETRY must be ATTEMPTS,FIRST_WAIT_MS,LONGEST_WAIT_MS'],
    [
      'DESK_EXCHANGE_RETRY',
      '0,100,100',
      'DESK_EXCHANGE_RETRY must be ATTEMPTS,FIRST_WAIT_MS,LONGEST_WAIT_MS',
    ],
    [
      'DESK_EXCHANGE_RETRY',
      '3,5000,100',
      'DESK_EXCHANGE_RETRY must be ATTEMPTS,FIRST_WAIT_MS,LONGEST_WAIT_MS',
    ],
  ])('names %s when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never repeats a bad secret', () => {
    let error: unknown;
    try {
      loadConfig({ DESK_SECRET: 'hunter2' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('DESK_SECRET');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('desk serve with a bad configuration', () => {
  it('prints one line naming the variable and exits 2', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-config-'));
    try {
      const run = spawnSync(process.execPath, ['bin/desk.js', 'serve'], {
        env: { ...process.env, DESK_PORT: 'abc', DESK_DATA: dataDir },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(
        'desk: invalid configuration: DESK_PORT must be an integer from 0 to 65535 (got "abc")',
      );
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
