// Issue 17: a client generated from the desk's OpenAPI document matches what the desk returns. Types come
// from the document as served (openapi-typescript), a small client is written against them and type-checked
// (tsc, strict), then run against a real desk; every answer it got must validate against the document.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';
import { answerChecker, documentOf, type OpenApi } from './openapi-doc.ts';

const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));

// The client an integrator would write: each call's body typed by the generated `paths`, the status part of
// the type (the 201 of an opening is not its 200, the 409's body is a problem).
const CLIENT = `import type { paths } from './api.ts';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type ProblemOf<R> = R extends { content: { 'application/problem+json': infer B } } ? B : never;

export type OpeningReport = paths['/cases']['post']['requestBody']['content']['application/json'];
export type CaseEvent = paths['/cases/{id}/events']['post']['requestBody']['content']['application/json'];
export type Opened = Json<paths['/cases']['post']['responses'][201]>;
export type Recorded = Json<paths['/cases/{id}/events']['post']['responses'][200]>;
export type Refusal = ProblemOf<paths['/cases/{id}/events']['post']['responses'][409]>;
export type Summaries = Json<paths['/cases']['get']['responses'][200]>;
export type Audit = Json<paths['/cases/{id}/audit']['get']['responses'][200]>;

// @ts-expect-error the desk answers an opening with 201, and its document says only that
export type OpenedWith200 = paths['/cases']['post']['responses'][200];

export interface Answer {
  operationId: string;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export class DeskClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly seen: (answer: Answer) => void,
  ) {}

  private async call(operationId: string, method: string, path: string, body?: unknown) {
    const res = await fetch(new URL(path, this.base), {
      method,
      headers: {
        authorization: \`Bearer \${this.token}\`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    this.seen({ operationId, statusCode: res.status, headers: Object.fromEntries(res.headers), body: text });
    return { status: res.status, body: JSON.parse(text) as unknown, next: res.headers.get('x-next-cursor') };
  }

  async openCase(report: OpeningReport): Promise<Opened> {
    const res = await this.call('openCase', 'POST', '/cases', report);
    if (res.status !== 201) throw new Error(\`opening answered \${res.status}\`);
    return res.body as Opened;
  }

  async recordEvent(id: string, event: CaseEvent): Promise<Recorded | Refusal> {
    const res = await this.call('recordEvent', 'POST', \`/cases/\${encodeURIComponent(id)}/events\`, event);
    if (res.status === 200) return res.body as Recorded;
    if (res.status === 409) return res.body as Refusal;
    throw new Error(\`recording answered \${res.status}\`);
  }

  async listCases(): Promise<Summaries> {
    return (await this.call('listCases', 'GET', '/cases?status=open')).body as Summaries;
  }

  // every entry, a page at a time, as the document says: X-Next-Cursor until the last page
  async audit(id: string, limit: number): Promise<Audit> {
    const entries: Audit = [];
    let after: string | null = null;
    do {
      const query: string = \`limit=\${limit}\${after === null ? '' : \`&after=\${after}\`}\`;
      const res = await this.call('listAuditEntries', 'GET', \`/cases/\${encodeURIComponent(id)}/audit?\${query}\`);
      entries.push(...(res.body as Audit));
      after = res.next;
    } while (after !== null);
    return entries;
  }
}

// What an integrator reads from the answers, as the types have it.
export const firstAction = (view: Opened | Recorded): string | undefined => view.requiredActions[0]?.code;
export const version = (view: Opened): number => view.version;
export const isRefusal = (answer: Recorded | Refusal): answer is Refusal => 'error' in answer;
export const refusedBecause = (p: Refusal): string => \`\${p.error} \${p.reason ?? ''} (\${p.status}): \${p.detail}\`;
export const overrides = (p: Refusal): Array<'imminent-danger' | 'recorded-fact'> => p.allowedOverrides ?? [];
export const summary = (s: Summaries[number]): string => \`\${s.id} \${s.status} \${s.topAction ?? ''}\`;
export const seqs = (audit: Audit): number[] => audit.map((e) => e.seq);
export const refusalOf = (entry: Audit[number]): string | undefined => entry.refusal?.reason;
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    allowImportingTsExtensions: true,
    lib: ['es2022', 'dom', 'dom.iterable'],
    types: [],
    skipLibCheck: true,
  },
  files: ['client.ts'],
};

let desk: Desk;
let doc: OpenApi;
let dir: string;

beforeAll(async () => {
  desk = await startDesk();
  doc = await documentOf(desk);
  dir = mkdtempSync(join(tmpdir(), 'desk-client-'));
  writeFileSync(join(dir, 'api.ts'), await openapiTS(doc as unknown as OpenAPI3));
  writeFileSync(join(dir, 'client.ts'), CLIENT);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
});
afterAll(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a client generated from the OpenAPI document', () => {
  it('type-checks against the generated types (tsc --strict)', () => {
    const tsc = spawnSync(TSC, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('gets answers from the desk that validate against the document: an opening, an event, a refusal, the list, the audit in pages', async () => {
    const base = await desk.app.listen({ host: '127.0.0.1', port: 0 });
    const answers: Array<{
      operationId: string;
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    }> = [];
    const client = await import(pathToFileURL(join(dir, 'client.ts')).href);
    const api = new client.DeskClient(base, await desk.token('operator'), (a: (typeof answers)[number]) =>
      answers.push(a),
    );

    const opened = await api.openCase(rubberBoat());
    expect(client.version(opened)).toBe(1);
    expect(client.firstAction(opened)).toBe('ASSESS_SAFETY_OF_LIFE');
    const assessed = await api.recordEvent(opened.id, {
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded'],
    });
    expect(client.isRefusal(assessed)).toBe(false);
    expect(client.firstAction(assessed)).toBe('RENDER_ASSISTANCE');
    const refused = await api.recordEvent(opened.id, { type: 'BOARDING_STARTED' });
    expect(client.isRefusal(refused)).toBe(true);
    expect(client.refusedBecause(refused)).toMatch(/^refused distress-rescue-first \(409\): /);
    expect((await api.listCases()).map(client.summary)).toEqual([expect.stringContaining(opened.id)]);
    const audit = await api.audit(opened.id, 2);
    expect(client.seqs(audit)).toEqual([1, 2, 3]);
    expect(client.refusalOf(audit[2])).toBe('distress-rescue-first');

    const check = answerChecker(doc);
    for (const answer of answers) check(answer.operationId, answer);
    expect(answers.map((a) => `${a.operationId} ${a.statusCode}`)).toEqual([
      'openCase 201',
      'recordEvent 200',
      'recordEvent 409',
      'listCases 200',
      'listAuditEntries 200',
      'listAuditEntries 200',
    ]);
  });
});
