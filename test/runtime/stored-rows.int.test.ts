// What a case row stores (src/runtime/stored-rows.ts): its setting by reference, the directory's profiles
// and assessments, most of a snapshot, stored once per version, not rewritten with every event; no view,
// which its state gives. A desk started again on the store serves the same cases, and rows written before
// keep working.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import type { Actor } from '../../src/runtime/types.ts';
import { ManualClock } from '../clock.ts';
import { flaggedTrawler } from '../http/helpers.ts';

const operator: Actor = { role: 'operator', subject: 'watch-1' };
const authority: Actor = { role: 'authority', subject: 'duty-1' };
const dirs: string[] = [];
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dir: string): Promise<CaseRuntime> {
  const rt = await openRuntime({ dataDir: dir, clock: new ManualClock() });
  runtimes.push(rt);
  return rt;
}

const raw = (dir: string) => new Database(join(dir, 'desk.sqlite'), { readonly: true });

describe('what a case row stores', () => {
  it('keeps the setting once per version in meta, the rows referring to it, and serves the same views after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
    dirs.push(dir);
    const rt = await start(dir);
    const a = await rt.openCase(flaggedTrawler(), operator);
    const b = await rt.openCase(flaggedTrawler(), operator);
    if (a.status !== 'applied' || b.status !== 'applied') throw new Error('not opened');
    await rt.applyEvent(a.view.id, { type: 'POSITION_REPORTED', lat: 34.1, lon: 13.1 }, operator);
    const db = raw(dir);
    const states = db.prepare('SELECT state, view FROM cases').all() as Array<{
      state: string;
      view: string;
    }>;
    // the view is the entry's to keep: the row's is derived from its state
    expect(states.map((s) => s.view)).toEqual(['null', 'null']);
    const refs = states.map(
      (s) => (JSON.parse(s.state) as { context: { setting: { $setting?: string } } }).context.setting,
    );
    expect(refs.every((r) => typeof r.$setting === 'string' && Object.keys(r).length === 1)).toBe(true);
    expect(new Set(refs.map((r) => r.$setting)).size).toBe(1);
    const kept = db.prepare("SELECT value FROM meta WHERE key LIKE 'setting:%'").all() as Array<{
      value: string;
    }>;
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]!.value)).toEqual(await rt.directory());
    db.close();

    const before = await rt.getView(a.view.id, operator);
    await rt.stop();
    runtimes.splice(0);
    const again = await start(dir);
    expect(await again.getView(a.view.id, operator)).toEqual(before);
    expect((await again.getContext(a.view.id, operator))?.setting).toEqual(await again.directory());
  });

  it('a directory edit stores the new version, and the cases it reached refer to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
    dirs.push(dir);
    const rt = await start(dir);
    const a = await rt.openCase(flaggedTrawler(), operator);
    if (a.status !== 'applied') throw new Error('not opened');
    await rt.editDirectory(authority, {
      kind: 'state-profile',
      state: 'TG',
      value: { protocolParty: true, replyWithinHours: 2 },
    });
    const db = raw(dir);
    expect(
      (db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'setting:%'").get() as { n: number }).n,
    ).toBe(2);
    db.close();
    const context = await rt.getContext(a.view.id, operator);
    expect(context?.setting.states.TG?.replyWithinHours).toBe(2);
  });

  it('a row written with its setting and view whole (before this) is read as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
    dirs.push(dir);
    const rt = await start(dir);
    const a = await rt.openCase(flaggedTrawler(), operator);
    if (a.status !== 'applied') throw new Error('not opened');
    const whole = await rt.getContext(a.view.id, operator);
    await rt.stop();
    runtimes.splice(0);
    const db = new Database(join(dir, 'desk.sqlite'));
    const row = db.prepare('SELECT state FROM cases WHERE id = ?').get(a.view.id) as { state: string };
    const state = JSON.parse(row.state) as { context: { setting: unknown } };
    state.context.setting = whole!.setting;
    db.prepare('UPDATE cases SET state = ? WHERE id = ?').run(JSON.stringify(state), a.view.id);
    db.prepare("DELETE FROM meta WHERE key LIKE 'setting:%'").run();
    db.close();
    const again = await start(dir);
    expect((await again.getContext(a.view.id, operator))?.setting).toEqual(whole!.setting);
    const next = await again.applyEvent(
      a.view.id,
      { type: 'POSITION_REPORTED', lat: 34.2, lon: 13.2 },
      operator,
    );
    expect(next.status).toBe('applied');
  });
});
