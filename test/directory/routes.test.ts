// The reference routes inside the real app (auth hook, error handler, SQLite runtime), as `desk serve`
// builds it. Registered here unless the app already does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpeningReport, Role } from '../../machines/schemas.ts';
import { GENESIS } from '../../src/audit/chain.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { type DirectoryEntry, verifyDirectoryChain } from '../../src/directory/chain.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { referenceRoutes } from '../../src/http/routes/reference.ts';
import { silentLogger } from '../../src/log.ts';
import type { Ranking } from '../../src/places/ranking.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';

let app: DeskApp;
let runtime: CaseRuntime;
let dataDir: string;
const clock = { now: () => new Date('2026-06-01T02:00:00Z') };
let headers: (role: Role, subject?: string) => Promise<{ authorization: string }>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-reference-'));
  const config = { dataDir, secret: undefined };
  runtime = await openRuntime({ dataDir, clock, homeState: 'MT' });
  app = await buildApp({ runtime, config, logger: silentLogger(), clock });
  if (!app.hasRoute({ method: 'GET', url: '/directory' })) {
    await app.register(referenceRoutes, { runtime, clock });
  }
  await app.ready();
  const key = loadSigningKey(config);
  headers = async (role, subject) => ({
    authorization: `Bearer ${await issueToken(role, { key, now: clock.now(), ...(subject ? { subject } : {}) })}`,
  });
});

afterAll(async () => {
  await app.close();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// A rubber boat south of Lampedusa, met by an Italian patrol.
const opening: OpeningReport = {
  interceptingState: 'IT',
  unit: { name: 'CP 301 Guardia Costiera', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { description: 'grey rubber boat', flag: null },
  position: { lat: 34.9, lon: 12.6 },
  personsOnBoard: 60,
};

describe('POST /geo/classify', () => {
  it('answers the zone of a position with the directory contiguous zones', async () => {
    const inside = await app.inject({
      method: 'POST',
      url: '/geo/classify',
      headers: await headers('auditor'),
      payload: { lat: 35.84, lon: 14.6 },
    });
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toMatchObject({ zone: 'territorial-sea', state: 'MT', states: ['MT'] });

    // ~18 nm off Malta: MT's demo profile claims 24 nm
    const band = await app.inject({
      method: 'POST',
      url: '/geo/classify',
      headers: await headers('operator'),
      payload: { lat: 35.55, lon: 14.75, state: 'MT' },
    });
    expect(band.json()).toMatchObject({ zone: 'contiguous-zone', state: 'MT' });

    const high = await app.inject({
      method: 'POST',
      url: '/geo/classify',
      headers: await headers('operator'),
      payload: { lat: 34.5, lon: 13.5 },
    });
    expect(high.json()).toMatchObject({ zone: 'beyond', states: [] });
    expect(high.json().distanceToTerritorialSeaNm).toBeGreaterThan(12);
  });

  it('names the bad field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/geo/classify',
      headers: await headers('operator'),
      payload: { lat: 95, lon: 14 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'lat' }] });
  });

  it('needs a token', async () => {
    const res = await app.inject({ method: 'POST', url: '/geo/classify', payload: { lat: 35, lon: 14 } });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /cases/:id/places-of-safety', () => {
  let caseId: string;

  beforeAll(async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: await headers('operator'),
      payload: opening,
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().id;
  });

  it('ranks the ports for the case position, Libya excluded as assessed unsafe', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/cases/${caseId}/places-of-safety`,
      headers: await headers('auditor'),
    });
    expect(res.statusCode).toBe(200);
    const ranking = res.json() as Ranking;
    expect(ranking.position).toEqual(opening.position);
    expect(ranking.candidates[0]?.port.name).toBe('Lampedusa');
    expect(ranking.excluded.map((e) => e.port.country)).toEqual(['LY', 'LY']);
    expect(ranking.excluded[0]?.basis).toEqual([
      'SoM art. 19(1)',
      'MSC.167(78) 6.17 (guidance)',
      'Refugee Convention art. 33',
    ]);
    // MT and TN are third countries to an Italian unit with no assessment on record in the demo directory: a
    // designation there would be refused today (destination-not-assessed), so they follow every Italian port
    const third = ranking.candidates.filter((c) => c.port.country !== 'IT');
    expect(third.length).toBeGreaterThan(0);
    for (const c of third) expect(c.pending?.map((p) => p.reason)).toEqual(['destination-not-assessed']);
    const italian = ranking.candidates.filter((c) => c.port.country === 'IT');
    expect(italian.every((c) => c.pending === undefined)).toBe(true);
    expect(ranking.candidates.slice(0, italian.length)).toEqual(italian);
  });

  it("excludes the claimants' country of origin once their claims are recorded", async () => {
    const claims = await app.inject({
      method: 'POST',
      url: `/cases/${caseId}/events`,
      headers: await headers('operator'),
      payload: { type: 'PROTECTION_CLAIMS_RECORDED', count: 4, countriesOfOrigin: ['TN'] },
    });
    expect(claims.statusCode).toBe(200);
    const res = await app.inject({
      method: 'GET',
      url: `/cases/${caseId}/places-of-safety?speedKnots=16`,
      headers: await headers('authority'),
    });
    const ranking = res.json() as Ranking;
    expect(ranking.speedKnots).toBe(16);
    const tn = ranking.excluded.filter((e) => e.port.country === 'TN');
    expect(tn.map((e) => e.port.name)).toEqual(['Sfax', 'Tunis (La Goulette)', 'Zarzis']);
    expect(tn[0]?.reason).toContain('TN is a country of origin');
    expect(ranking.candidates.every((c) => c.port.country !== 'TN')).toBe(true);
  });

  it('is 404 for a case the caller cannot see', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: '/cases/no-such-case/places-of-safety',
      headers: await headers('operator'),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not-found' });
    // trainers see training cases only
    const trainer = await app.inject({
      method: 'GET',
      url: `/cases/${caseId}/places-of-safety`,
      headers: await headers('trainer'),
    });
    expect(trainer.statusCode).toBe(404);
  });
});

describe('the directory', () => {
  it('is readable by any role', async () => {
    for (const role of ['operator', 'authority', 'trainer', 'auditor'] as const) {
      const res = await app.inject({ method: 'GET', url: '/directory', headers: await headers(role) });
      expect(res.statusCode).toBe(200);
      expect(res.json().states.MT.protocolParty).toBe(true);
    }
  });

  it('is edited by the central authority only', async () => {
    for (const role of ['operator', 'trainer', 'auditor'] as const) {
      const res = await app.inject({
        method: 'PUT',
        url: '/directory/states/MT',
        headers: await headers(role),
        payload: { protocolParty: true },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden', rolesAllowed: ['authority'] });
    }
    const assess = await app.inject({
      method: 'PUT',
      url: '/directory/assessments/TN',
      headers: await headers('operator'),
      payload: { unsafe: true, source: 's', date: '2026-01-01' },
    });
    expect(assess.statusCode).toBe(403);
  });

  it('takes a profile, shows it, and keeps the history with the editor', async () => {
    const profile = {
      protocolParty: true,
      contiguousZoneNm: 24,
      replyWithinHours: 3,
      timeZone: 'Europe/Malta',
    };
    const put = await app.inject({
      method: 'PUT',
      url: '/directory/states/MT',
      headers: await headers('authority', 'mt-duty-officer'),
      payload: profile,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ state: 'MT', profile });
    const dir = await app.inject({ method: 'GET', url: '/directory', headers: await headers('operator') });
    expect(dir.json().states.MT).toEqual(profile);
    const hist = await app.inject({
      method: 'GET',
      url: '/directory/history',
      headers: await headers('auditor'),
    });
    expect(hist.statusCode).toBe(200);
    const entries = hist.json() as DirectoryEntry[];
    const last = entries.at(-1) as DirectoryEntry & { before: { demo?: boolean } };
    expect(last).toMatchObject({
      actor: 'mt-duty-officer',
      kind: 'state-profile',
      state: 'MT',
      after: profile,
      at: clock.now().toISOString(),
      seq: entries.length,
      prev: entries.at(-2)?.hash,
    });
    expect(last.before.demo).toBe(true);
    // the chain as served verifies: every hash recomputes, every prev links, every before is the fold's
    expect(entries[0]).toMatchObject({ seq: 1, kind: 'seed', prev: GENESIS });
    expect(verifyDirectoryChain(entries)).toMatchObject({ valid: true, head: last.hash });
  });

  it('records a Security Council authorisation line, corrects it in place, and carries it into open live cases (domain.md, row 8b)', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: await headers('operator'),
      payload: opening,
    });
    const id = opened.json().id as string;
    const line = {
      resolution: '9001 (2026)',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [11, 31],
            [16, 31],
            [16, 35],
            [11, 35],
            [11, 31],
          ],
        ],
      },
      from: '2026-05-01T00:00:00Z',
      until: '2027-05-01T00:00:00Z',
      scopes: ['board', 'search'],
      note: 'fictional line for the test',
    };
    const url = `/directory/security-council/${encodeURIComponent(line.resolution)}`;
    const denied = await app.inject({
      method: 'PUT',
      url,
      headers: await headers('operator'),
      payload: line,
    });
    expect(denied.statusCode).toBe(403);
    const put = await app.inject({ method: 'PUT', url, headers: await headers('authority'), payload: line });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ resolution: line.resolution, authorisation: line });
    const lines = async () =>
      (await app.inject({ method: 'GET', url: '/directory', headers: await headers('auditor') })).json()
        .securityCouncilAuthorisations as Array<{ resolution: string; until: string }>;
    const first = await lines();
    expect(first.at(-1)).toEqual(line);
    // a correction replaces its own line where it stands; the history keeps what it replaced
    const corrected = { ...line, until: '2026-12-01T00:00:00Z' };
    expect(
      (await app.inject({ method: 'PUT', url, headers: await headers('authority'), payload: corrected }))
        .statusCode,
    ).toBe(200);
    const second = await lines();
    expect(second).toHaveLength(first.length);
    expect(second.filter((l) => l.resolution === line.resolution)).toEqual([corrected]);
    const history = await runtime.directoryHistory();
    expect(history.at(-1)).toMatchObject({
      kind: 'security-council-authorisation',
      resolution: line.resolution,
      before: line,
      after: corrected,
    });
    expect(verifyDirectoryChain(history).valid).toBe(true);
    const ctx = await runtime.getContext(id, { role: 'auditor', subject: 'a' });
    expect(ctx?.setting.securityCouncilAuthorisations?.find((l) => l.resolution === line.resolution)).toEqual(
      corrected,
    );
  });

  it('refuses a Security Council line that ends before it begins or names another resolution, naming the field', async () => {
    const before = await runtime.directoryHistory();
    const line = {
      resolution: '9002 (2026)',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [11, 31],
            [16, 31],
            [16, 35],
            [11, 31],
          ],
        ],
      },
      from: '2026-05-01T00:00:00Z',
      until: '2026-04-01T00:00:00Z',
      scopes: ['board'],
    };
    const backwards = await app.inject({
      method: 'PUT',
      url: `/directory/security-council/${encodeURIComponent(line.resolution)}`,
      headers: await headers('authority'),
      payload: line,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().issues.map((i: { path: string }) => i.path)).toEqual(['until']);
    const other = await app.inject({
      method: 'PUT',
      url: '/directory/security-council/9003%20(2026)',
      headers: await headers('authority'),
      payload: { ...line, until: '2027-01-01T00:00:00Z' },
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().issues.map((i: { path: string }) => i.path)).toEqual(['resolution']);
    expect(await runtime.directoryHistory()).toEqual(before);
  });

  it('answers 400 naming each bad or unknown field, and a bad code', async () => {
    const before = await runtime.directoryHistory();
    const bad = await app.inject({
      method: 'PUT',
      url: '/directory/states/MT',
      headers: await headers('authority'),
      payload: { protocolParty: true, contiguousZoneNm: 40, contigousZoneNm: 24 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid');
    expect(
      bad
        .json()
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['contigousZoneNm', 'contiguousZoneNm']);
    const code = await app.inject({
      method: 'PUT',
      url: '/directory/assessments/tunisia',
      headers: await headers('authority'),
      payload: { unsafe: true, source: 's', date: '2026-01-01' },
    });
    expect(code.statusCode).toBe(400);
    expect(code.json().issues.map((i: { path: string }) => i.path)).toEqual(['country']);
    // neither wrote anything
    expect(await runtime.directoryHistory()).toEqual(before);
  });

  it('an assessment made unsafe after a live case opened already protects persons in that case (SoM art. 19(1))', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: await headers('operator'),
      payload: opening,
    });
    const id = opened.json().id as string;
    const put = await app.inject({
      method: 'PUT',
      url: '/directory/assessments/TN',
      headers: await headers('authority', 'mt-duty-officer'),
      payload: { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-31' },
    });
    expect(put.statusCode).toBe(200);
    const res = await app.inject({
      method: 'GET',
      url: `/cases/${id}/places-of-safety`,
      headers: await headers('operator'),
    });
    const tn = (res.json() as Ranking).excluded.filter((e) => e.port.country === 'TN');
    expect(tn).toHaveLength(3);
    expect(tn[0]?.reason).toContain('demo assessment (fictional)');
    expect(tn[0]?.grounds).toEqual(['assessed-unsafe']);
    // The law engine refuses by the same assessment, and the case's log shows from when.
    const proposal = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: await headers('operator'),
      payload: { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN' },
    });
    expect(proposal.statusCode).toBe(409);
    expect(proposal.json().reason).toBe('excluded-place');
    const audit = await app.inject({
      method: 'GET',
      url: `/cases/${id}/audit`,
      headers: await headers('auditor'),
    });
    expect((audit.json() as Array<{ type: string }>).map((e) => e.type)).toContain('SETTING_CHANGED');
  });
});

describe('the plugin on its own', () => {
  it('warms the sea router when the app starts, and reads the actor the auth hook set', async () => {
    const bare = Fastify();
    bare.decorateRequest('actor', null);
    bare.addHook('onRequest', async (request) => {
      const role = request.headers['x-role'];
      request.actor = typeof role === 'string' ? { role: role as Role, subject: `${role}-1` } : null;
    });
    let edited = 0;
    await bare.register(referenceRoutes, {
      runtime: Object.assign(Object.create(runtime), {
        editDirectory: (...args: Parameters<CaseRuntime['editDirectory']>) => {
          edited++;
          return runtime.editDirectory(...args);
        },
      }),
      clock,
      warm: true,
    });
    await bare.ready();
    const read = await bare.inject({ method: 'GET', url: '/directory', headers: { 'x-role': 'auditor' } });
    expect(read.statusCode).toBe(200);
    const denied = await bare.inject({ method: 'GET', url: '/directory' });
    expect(denied.statusCode).toBe(403);
    const put = await bare.inject({
      method: 'PUT',
      url: '/directory/states/GR',
      headers: { 'x-role': 'authority' },
      payload: { protocolParty: true, timeZone: 'Europe/Athens' },
    });
    expect(put.statusCode).toBe(200);
    expect(edited).toBe(1);
    const after = await bare.inject({ method: 'GET', url: '/directory', headers: { 'x-role': 'auditor' } });
    expect(after.json().states.GR).toEqual({ protocolParty: true, timeZone: 'Europe/Athens' });
    expect((await runtime.directoryHistory()).at(-1)).toMatchObject({ actor: 'authority-1', state: 'GR' });
    await bare.close();
  });
});
