// `desk verify --bundle FILE`, run as a user runs it: a case exported over HTTP, checked by `node bin/desk.js`
// in an empty folder with no DESK_DATA and no store; then the same file with one byte changed, refused with
// exit 1, naming the first bad entry's seq and its problem.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBundle } from '../../src/audit/bundle.ts';
import { liveDesk, replayLive, scenario } from '../reports/live-replay.ts';

const ID = '11-excluded-destination';
const DESK = resolve('bin/desk.js');

// the machine's environment without any of the desk's own settings
const bare = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DESK_')),
  ) as NodeJS.ProcessEnv;

describe('desk verify --bundle', () => {
  let folder: string;
  let text: string;

  beforeAll(async () => {
    const s = scenario(ID);
    const desk = await liveDesk([s]);
    try {
      await replayLive(desk, desk.clock, s);
      const res = await desk.app.inject({
        method: 'GET',
        url: `/cases/${ID}/export`,
        headers: await desk.auth('authority'),
      });
      expect(res.statusCode).toBe(200);
      text = res.body;
    } finally {
      await desk.close();
    }
    folder = mkdtempSync(join(tmpdir(), 'desk-bundle-'));
  });
  afterAll(() => folder && rmSync(folder, { recursive: true, force: true }));

  const verify = (file: string, ...more: string[]) =>
    spawnSync(process.execPath, [DESK, 'verify', '--bundle', file, ...more], {
      cwd: folder,
      env: bare(),
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('says ok for the exported file, with nothing but the file', () => {
    writeFileSync(join(folder, 'case.json'), text);
    const bundle = JSON.parse(text) as AuditBundle;
    const run = verify('case.json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `ok      ${ID}  ${bundle.entries.length} entries  head ${bundle.checkpoint.head}`,
    );
    expect(run.stdout).toMatch(/signed {2}seq \d+ at \S+ {2}key [A-Za-z0-9_-]{43} /);
    // no store, no key, no data folder made on the way
    expect(readdirSync(folder)).toEqual(['case.json']);
  });

  it('names the first bad entry when one byte changed, and exits 1', () => {
    const bundle = JSON.parse(text) as AuditBundle;
    const screened = bundle.entries.find((e) => e.type === 'PERSONS_SCREENED')!;
    // one byte: the 44 persons screened become 45
    const at = text.indexOf('"total": 44');
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.from(text);
    changed[at + '"total": 4'.length] = '5'.charCodeAt(0);
    expect(Buffer.compare(changed, Buffer.from(text))).not.toBe(0);
    writeFileSync(join(folder, 'changed.json'), changed);
    const run = verify('changed.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`BROKEN  ${ID}  seq ${screened.seq}: hash does not match the entry`);
    expect(run.stderr).toContain(`first bad entry is seq ${screened.seq}: hash does not match the entry`);
  });

  it('refuses a file that is not a bundle, or one it cannot read, with exit 1; --case with it is a usage error', () => {
    writeFileSync(join(folder, 'half.json'), text.slice(0, 200));
    const half = verify('half.json');
    expect(half.status).toBe(1);
    expect(half.stdout).toMatch(/BROKEN .*not JSON/);
    const missing = verify('nowhere.json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read nowhere.json');
    expect(verify('case.json', '--case', ID).status).toBe(2);
  });
});
