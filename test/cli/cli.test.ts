import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey, verifyToken } from '../../src/auth/tokens.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { rubberBoat } from '../http/helpers.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-cli-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const desk = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/desk.js', ...args], {
    env: { ...process.env, DESK_DATA: dataDir, DESK_SECRET: '' },
    encoding: 'utf8',
    timeout: 20_000,
  });

async function seedCases(n: number): Promise<string[]> {
  const runtime = await openRuntime({ dataDir, clock: { now: () => new Date() } });
  const actor = { role: 'operator' as const, subject: 'cli-test' };
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const opened = await runtime.openCase(rubberBoat(), actor);
    if (opened.status !== 'applied') throw new Error('could not open');
    await runtime.applyEvent(
      opened.view.id,
      { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
      actor,
    );
    ids.push(opened.view.id);
  }
  await runtime.stop();
  return ids;
}

describe('desk token', () => {
  it('prints a token the desk accepts, alone on its last line', async () => {
    const run = desk('token', '--role', 'operator');
    expect(run.status).toBe(0);
    const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = await verifyToken(last, { key: loadSigningKey({ dataDir }) });
    expect(claims.role).toBe('operator');
  });

  it('exits 2 naming the roles on a bad or missing role', () => {
    const bad = desk('token', '--role', 'captain');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('operator, authority, trainer, auditor');
    expect(bad.stdout).toBe('');
    expect(desk('token').status).toBe(2);
  });
});

describe('desk verify', () => {
  it('prints a line per case and exits 0 when every chain holds', async () => {
    const ids = await seedCases(2);
    const run = desk('verify');
    expect(run.status, run.stderr).toBe(0);
    for (const id of ids) expect(run.stdout).toMatch(new RegExp(`ok\\s+${id}\\s+2 entries`));
    expect(run.stdout).toContain('directory: 1 entry, chain intact');
    const one = desk('verify', '--case', ids[0]!);
    expect(one.status).toBe(0);
    expect(one.stdout).not.toContain(ids[1]!);
  });

  it('exits 1 naming the first bad entry of a tampered chain', async () => {
    const [id] = await seedCases(1);
    const db = new Database(join(dataDir, 'desk.sqlite'));
    db.prepare('UPDATE entries SET event = ? WHERE case_id = ? AND seq = 2').run(
      JSON.stringify({ type: 'DISTRESS_ASSESSED', phase: 'distress', factors: [] }),
      id,
    );
    db.close();
    const run = desk('verify');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`BROKEN\\s+${id}\\s+seq 2`));
    expect(run.stderr).toContain(`case ${id} seq 2`);
  });

  it('exits 1 naming the directory entry whose `after` was altered in the file', async () => {
    const [id] = await seedCases(1);
    const runtime = await openRuntime({ dataDir, clock: { now: () => new Date() } });
    const authority = { role: 'authority' as const, subject: 'cli-test' };
    for (const country of ['TN', 'DZ']) {
      const value = { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-31' };
      expect(
        (await runtime.editDirectory(authority, { kind: 'country-assessment', country, value })).status,
      ).toBe('ok');
    }
    await runtime.stop();
    const intact = desk('verify');
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('directory: 3 entries, chain intact');

    const db = new Database(join(dataDir, 'desk.sqlite'));
    db.prepare(
      `UPDATE directory SET entry = json_set(entry, '$.after.unsafe', json('false')) WHERE seq = 2`,
    ).run();
    db.close();
    const run = desk('verify');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('directory: 3 entries, BROKEN at seq 2: hash does not match the entry');
    // the case's own chain (opened, assessed, and a SETTING_CHANGED per edit) still holds, and says so
    expect(run.stdout).toMatch(new RegExp(`ok\\s+${id}\\s+4 entries`));
    expect(run.stderr).toContain('first bad entry is directory seq 2');
  });

  it('exits 2 for an unknown case', async () => {
    await seedCases(1);
    const run = desk('verify', '--case', 'no-such-case');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such-case');
  });

  it('exits 1 naming the lost store when the store beside an earlier desk’s audit key is gone', async () => {
    await seedCases(1);
    expect(desk('verify').status).toBe(0);
    for (const f of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm'])
      rmSync(join(dataDir, f), { force: true });
    const run = desk('verify');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('its store is empty: the store was lost, truncated or replaced');
    expect(run.stdout).not.toContain('verified');
  });
});

// every file in DESK_DATA with its bytes' hash; left out: empty files, and the -shm file, SQLite's index of
// its -wal file in shared memory, which every reader of a WAL store maps and writes (it holds no data)
function files(dir: string): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('-shm')) continue;
    const bytes = readFileSync(join(dir, name));
    if (bytes.length > 0) seen[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return seen;
}

describe('desk verify reads and never writes (issue 17)', () => {
  it('changes no byte of DESK_DATA, beside a serving desk too', async () => {
    await seedCases(2);
    const before = files(dataDir);
    const run0 = desk('verify');
    expect(run0.status).toBe(0);
    expect({ files: files(dataDir), run: run0.stderr }).toEqual({ files: before, run: '' });
    // beside a desk holding the store open (and its lock)
    const serving = await openRuntime({ dataDir, clock: { now: () => new Date() }, exclusive: true });
    try {
      const run = desk('verify');
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('store: integrity check ok');
    } finally {
      await serving.stop();
    }
  });

  it('refuses, and makes no new key, when the audit signing key is gone; so does desk serve', async () => {
    await seedCases(1);
    rmSync(join(dataDir, 'audit-signing.pem'));
    const run = desk('verify');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('audit-signing.pem is missing');
    expect(run.stderr).toContain('Restore the key from your backup');
    expect(existsSync(join(dataDir, 'audit-signing.pem'))).toBe(false);
    const serve = spawnSync(process.execPath, ['bin/desk.js', 'serve'], {
      env: { ...process.env, DESK_DATA: dataDir, DESK_SECRET: '', DESK_PORT: '0', DESK_LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(serve.status).toBe(1);
    expect(serve.stdout + serve.stderr).toContain('audit-signing.pem is missing');
    expect(existsSync(join(dataDir, 'audit-signing.pem'))).toBe(false);
  });

  it('reads the key from DESK_SIGNING_KEY_FILE, outside DESK_DATA', async () => {
    const keys = mkdtempSync(join(tmpdir(), 'desk-keys-'));
    try {
      const keyFile = join(keys, 'audit.pem');
      const runtime = await openRuntime({ dataDir, clock: { now: () => new Date() }, auditKeyFile: keyFile });
      const opened = await runtime.openCase(rubberBoat(), { role: 'operator', subject: 'cli-test' });
      await runtime.stop();
      expect(opened.status).toBe('applied');
      expect(existsSync(join(dataDir, 'audit-signing.pem'))).toBe(false);
      const withKey = spawnSync(process.execPath, ['bin/desk.js', 'verify'], {
        env: { ...process.env, DESK_DATA: dataDir, DESK_SECRET: '', DESK_SIGNING_KEY_FILE: keyFile },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(withKey.status, withKey.stderr).toBe(0);
      expect(withKey.stdout).toContain('1 case(s) verified');
      // without it the desk looks in DESK_DATA, finds none, and says so
      expect(desk('verify').stderr).toContain('is missing');
    } finally {
      rmSync(keys, { recursive: true, force: true });
    }
  });
});

describe('one desk per DESK_DATA (issue 17)', () => {
  it('a second desk on the same folder refuses to start, saying why; after the first stops, it starts', async () => {
    await seedCases(1);
    const first = await openRuntime({ dataDir, clock: { now: () => new Date() }, exclusive: true });
    let stopped = false;
    try {
      const second = spawnSync(process.execPath, ['bin/desk.js', 'serve'], {
        env: { ...process.env, DESK_DATA: dataDir, DESK_SECRET: '', DESK_PORT: '0', DESK_LOG_LEVEL: 'info' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(second.status).toBe(1);
      expect(second.stdout + second.stderr).toContain(`another desk is serving ${dataDir}`);
      await expect(
        openRuntime({ dataDir, clock: { now: () => new Date() }, exclusive: true }),
      ).rejects.toThrow(/one desk per data folder/);
      await first.stop();
      stopped = true;
      const again = await openRuntime({ dataDir, clock: { now: () => new Date() }, exclusive: true });
      await again.stop();
    } finally {
      if (!stopped) await first.stop();
    }
  });
});

describe('desk backup and desk restore (issue 17)', () => {
  it('backs up what only the -wal file holds, while a desk serves, and restores it after the store is lost', async () => {
    const out = mkdtempSync(join(tmpdir(), 'desk-backup-'));
    try {
      const serving = await openRuntime({ dataDir, clock: { now: () => new Date() }, exclusive: true });
      const actor = { role: 'operator' as const, subject: 'cli-test' };
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const opened = await serving.openCase(rubberBoat(), actor);
        if (opened.status === 'applied') ids.push(opened.view.id);
      }
      // acknowledged, and still in the -wal file: a copy of desk.sqlite alone would miss them
      expect(statSync(join(dataDir, 'desk.sqlite-wal')).size).toBeGreaterThan(0);
      const backup = join(out, 'desk-backup.sqlite');
      const made = desk('backup', backup);
      expect(made.status, made.stderr).toBe(0);
      expect(made.stdout).toContain('(3 cases)');
      expect(statSync(backup).mode & 0o777).toBe(0o600);
      // restoring beside a serving desk is refused, and replaces nothing
      const refused = desk('restore', backup);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('another desk is serving');
      await serving.stop();

      for (const f of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm'])
        rmSync(join(dataDir, f), { force: true });
      expect(desk('verify').status).toBe(1);
      const restored = desk('restore', backup);
      expect(restored.status, restored.stderr).toBe(0);
      const run = desk('verify');
      expect(run.status, run.stderr).toBe(0);
      for (const id of ids) expect(run.stdout).toMatch(new RegExp(`ok\\s+${id}\\s+1 entries`));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses a copy that does not verify with this desk’s key, and keeps the store as it was', async () => {
    const [id] = await seedCases(1);
    const out = mkdtempSync(join(tmpdir(), 'desk-backup-'));
    try {
      const backup = join(out, 'b.sqlite');
      expect(desk('backup', backup).status).toBe(0);
      // a backup never overwrites
      expect(desk('backup', backup).stderr).toContain('exists');
      const db = new Database(backup);
      db.prepare("UPDATE entries SET event = replace(event, 'none', 'distress') WHERE seq = 2").run();
      db.close();
      const before = files(dataDir);
      const run = desk('restore', backup);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`BROKEN\\s+${id}\\s+seq 2`));
      expect(run.stderr).toContain('nothing was restored');
      expect(files(dataDir)).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('desk help and mistakes', () => {
  it('help lists the commands; an unknown command exits 2', () => {
    const help = desk('help');
    expect(help.status).toBe(0);
    for (const c of ['serve', 'token', 'verify', 'backup', 'restore', 'replay'])
      expect(help.stdout).toContain(`desk ${c}`);
    const unknown = desk('launch');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
    expect(desk('token', '--role', 'operator', '--colour', 'red').status).toBe(2);
  });
});
