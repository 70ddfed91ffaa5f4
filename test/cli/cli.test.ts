import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

  it('exits 2 for an unknown case', () => {
    const run = desk('verify', '--case', 'no-such-case');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such-case');
  });

  it('exits 1 naming the lost store when the store beside an earlier desk’s audit key is gone', () => {
    expect(desk('verify').status).toBe(0);
    for (const f of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm'])
      rmSync(join(dataDir, f), { force: true });
    const run = desk('verify');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('its store is empty: the store was lost, truncated or replaced');
    expect(run.stdout).not.toContain('verified');
  });
});

describe('desk help and mistakes', () => {
  it('help lists the commands; an unknown command exits 2', () => {
    const help = desk('help');
    expect(help.status).toBe(0);
    for (const c of ['serve', 'token', 'verify', 'replay']) expect(help.stdout).toContain(`desk ${c}`);
    const unknown = desk('launch');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
    expect(desk('token', '--role', 'operator', '--colour', 'red').status).toBe(2);
  });
});
