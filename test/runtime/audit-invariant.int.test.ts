// Invariant 9 of domain.md on the runtime's real audit trail: "Every applied event, refusal and override is in
// the audit trail, in order, exactly once." Random commands (refused ones, overrides, deadlines falling due,
// retries with the same Idempotency-Key, stale If-Match, roles that may not record the event) go through the
// real runtime on a temporary SQLite store; the case's trail is then read back from the store, as
// GET /cases/:id/audit serves it, and compared entry by entry with what the runtime answered to each command.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../machines/engine.ts';
import { type CaseEvent, EVENT_ROLES } from '../../machines/schemas.ts';
import { GENESIS } from '../../src/audit/chain.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import type { Actor, AuditEntry, CommandResult } from '../../src/runtime/types.ts';
import { ALPHABET, INCOMING_ALPHABET, STARTS, WORLD_SETTING } from '../machines/invariants.ts';
import { auditor, authority, ManualClock, operator, tempDir } from './fixtures.ts';

const DESK = { role: 'desk', subject: 'deadline-worker' };

// What the trail must hold, entry by entry, from the runtime's answers.
interface Expected {
  type: string;
  actor: { role: string; subject: string };
  outcome: 'applied' | 'refused';
  event: Record<string, unknown>;
  at: string;
  seq?: number;
  refusal?: unknown;
}

const actorFor = (type: CaseEvent['type']): Actor =>
  EVENT_ROLES[type].includes('operator') ? operator : authority;
// an actor the contract does not let record the event: answered 403, never written
const wrongActorFor = (type: CaseEvent['type']): Actor =>
  EVENT_ROLES[type].includes('operator') && EVENT_ROLES[type].includes('authority')
    ? auditor
    : EVENT_ROLES[type].includes('operator')
      ? authority
      : operator;

const sha256 = (entry: AuditEntry) => {
  const { hash: _h, ...rest } = entry;
  return createHash('sha256')
    .update(canonicalize(rest) ?? '')
    .digest('hex');
};

// equal as JSON values, whatever the order of their keys (RFC 8785)
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);

// The trail against the expectations: same length, same order, each entry what the runtime answered, seq
// contiguous from 1, each prev linking the entry before, each hash recomputed from the entry.
function compareTrail(caseId: string, trail: AuditEntry[], expected: Expected[]): string[] {
  const bad: string[] = [];
  if (trail.length !== expected.length)
    bad.push(`${caseId}: ${trail.length} entries in the trail, ${expected.length} expected`);
  let prev = GENESIS;
  for (let i = 0; i < Math.max(trail.length, expected.length); i++) {
    const e = trail[i];
    const x = expected[i];
    if (!e || !x) {
      bad.push(`${caseId} #${i + 1}: ${e ? `unexpected ${e.type}` : `missing ${x?.type}`}`);
      continue;
    }
    const where = `${caseId} seq ${i + 1} (${x.type})`;
    if (e.seq !== i + 1) bad.push(`${where}: seq ${e.seq}`);
    if (x.seq !== undefined && e.seq !== x.seq) bad.push(`${where}: the runtime answered seq ${x.seq}`);
    if (e.type !== x.type) bad.push(`${where}: type ${e.type}`);
    if (e.outcome !== x.outcome) bad.push(`${where}: outcome ${e.outcome}, answered ${x.outcome}`);
    if (same(e.actor, x.actor) === false) bad.push(`${where}: actor ${JSON.stringify(e.actor)}`);
    if (e.at !== x.at) bad.push(`${where}: at ${e.at}, expected ${x.at}`);
    if (!same(e.event, x.event))
      bad.push(`${where}: event ${JSON.stringify(e.event)}, sent ${JSON.stringify(x.event)}`);
    if (!same(e.refusal, x.refusal))
      bad.push(`${where}: refusal ${JSON.stringify(e.refusal)}, answered ${JSON.stringify(x.refusal)}`);
    if (e.caseId !== undefined && e.caseId !== caseId) bad.push(`${where}: belongs to ${e.caseId}`);
    if (e.prev !== prev) bad.push(`${where}: prev does not link the entry before`);
    if (sha256(e) !== e.hash) bad.push(`${where}: hash does not recompute`);
    prev = e.hash;
  }
  return bad;
}

describe('invariant 9 on the runtime audit trail (SQLite store)', () => {
  const dir = tempDir();
  const clock = new ManualClock();
  let n = 0;
  let rt: CaseRuntime;
  beforeAll(async () => {
    rt = await openRuntime({
      dataDir: dir,
      clock,
      ids: { caseId: () => `audit-${++n}` },
      setting: WORLD_SETTING,
      homeState: 'MT',
    });
  });
  const expectations = new Map<string, Expected[]>();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await rt.stop();
    stopped = true;
  };
  afterAll(stop);

  it('every applied event, refusal, override and fired deadline is in the trail, in order, exactly once (200 random cases)', async () => {
    const counts = { commands: 0, applied: 0, refused: 0, overrides: 0, deadlines: 0, silent: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: STARTS.length - 1 }),
        fc.array(
          fc.record({
            pick: fc.nat({ max: 1_000_000 }),
            wait: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 60, max: 300 })),
            how: fc.constantFrom(
              'command',
              'command',
              'command',
              'command',
              'retry',
              'wrong-role',
              'stale',
              'tick',
            ),
          }),
          { minLength: 1, maxLength: 25, size: 'max' },
        ),
        async (which, moves) => {
          const start = STARTS[which]!;
          const opened =
            start.kind === 'incoming-request'
              ? await rt.openIncoming(start.request, authority)
              : await rt.openCase(start.opening, operator);
          if (opened.status !== 'applied') throw new Error(`the case did not open: ${opened.status}`);
          const caseId = opened.view.id;
          const expected: Expected[] = [
            {
              type: 'CASE_OPENED',
              actor: start.kind === 'incoming-request' ? authority : operator,
              outcome: 'applied',
              event:
                start.kind === 'incoming-request'
                  ? {
                      type: 'CASE_OPENED',
                      kind: 'incoming-request',
                      request: start.request,
                      training: false,
                      setting: WORLD_SETTING,
                      homeState: 'MT',
                    }
                  : {
                      type: 'CASE_OPENED',
                      kind: 'interception',
                      opening: start.opening,
                      training: false,
                      setting: WORLD_SETTING,
                    },
              at: clock.now().toISOString(),
              seq: 1,
            },
          ];
          expectations.set(caseId, expected);
          let view: CaseView = opened.view;
          const alphabet = start.kind === 'incoming-request' ? INCOMING_ALPHABET : ALPHABET;
          // The deadlines the runtime must fire before the next command: those it showed, due by now.
          const expectDeadlines = () => {
            const now = clock.now().toISOString();
            const due = view.deadlines
              .filter((d) => d.dueAt <= now)
              .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
            for (const d of due) {
              expected.push({
                type: 'DEADLINE_PASSED',
                actor: DESK,
                outcome: 'applied',
                event: { type: 'DEADLINE_PASSED', deadlineId: d.id, dueAt: d.dueAt },
                at: now,
              });
              counts.deadlines++;
            }
          };
          const record = (event: CaseEvent, actor: Actor, result: CommandResult) => {
            if (result.status !== 'applied' && result.status !== 'refused') return;
            expected.push({
              type: event.type,
              actor,
              outcome: result.status,
              event: event as Record<string, unknown>,
              at: clock.now().toISOString(),
              seq: result.seq,
              ...(result.status === 'refused' ? { refusal: result.refusal } : {}),
            });
            counts[result.status]++;
            if ('override' in event && event.override) counts.overrides++;
          };
          let key = 0;
          for (const { pick, wait, how } of moves) {
            clock.advanceMinutes(wait);
            const review = view.incidents.find((i) => !i.reviewed);
            const event: CaseEvent =
              pick % (alphabet.length + 1) === alphabet.length && review
                ? { type: 'INCIDENT_REVIEWED', incidentId: review.id, finding: 'reviewed' }
                : alphabet[pick % alphabet.length]!;
            counts.commands++;
            if (how === 'tick') {
              // the deadline worker's tick, for this case
              expectDeadlines();
              await rt.processDueDeadlines(caseId);
            } else if (how === 'wrong-role') {
              // answered 403 before anything is decided: nothing written, deadlines included
              const result = await rt.applyEvent(caseId, event, wrongActorFor(event.type));
              if (result.status !== 'forbidden')
                throw new Error(`${event.type} by the wrong role: ${result.status}`);
              counts.silent++;
            } else if (how === 'stale') {
              // deadlines due are processed first; the stale write itself is never applied
              expectDeadlines();
              const result = await rt.applyEvent(caseId, event, actorFor(event.type), { ifMatch: 0 });
              if (result.status !== 'version-conflict') throw new Error(`stale If-Match: ${result.status}`);
              counts.silent++;
            } else {
              expectDeadlines();
              const actor = actorFor(event.type);
              const idempotencyKey = how === 'retry' ? `k-${++key}` : undefined;
              const result = await rt.applyEvent(
                caseId,
                event,
                actor,
                idempotencyKey ? { idempotencyKey } : {},
              );
              record(event, actor, result);
              if (idempotencyKey) {
                // the same command again: the first answer, and nothing written
                const again = await rt.applyEvent(caseId, event, actor, { idempotencyKey });
                if (JSON.stringify(again) !== JSON.stringify(result))
                  throw new Error(`a retry of ${event.type} answered differently`);
                counts.silent++;
              }
            }
            view = (await rt.getView(caseId, auditor))!;
          }
          const trail = (await rt.audit(caseId, auditor))!;
          const bad = compareTrail(caseId, trail, expected);
          const verified = await rt.verify(caseId);
          if (!verified.valid || verified.entries !== expected.length)
            bad.push(`${caseId}: the chain does not verify (${JSON.stringify(verified)})`);
          if (bad.length > 0) throw new Error(`9: ${bad.slice(0, 8).join('\n')}`);
        },
      ),
      { numRuns: 200, seed: 20261202 },
    );
    console.log(
      `audit trail: ${expectations.size} cases, ${counts.commands} commands (${counts.applied} applied, ` +
        `${counts.refused} refused, ${counts.overrides} with an override, ${counts.deadlines} deadlines fired, ` +
        `${counts.silent} forbidden, stale or retried that must write nothing)`,
    );
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.overrides).toBeGreaterThan(20);
    expect(counts.deadlines).toBeGreaterThan(20);
  }, 120_000);

  it('GET /cases/:id/audit on a desk restarted over the same store serves the same trails, and each verifies', async () => {
    await stop();
    const again = await openRuntime({ dataDir: dir, clock, setting: WORLD_SETTING, homeState: 'MT' });
    const config = { dataDir: dir, secret: undefined };
    const app = await buildApp({ runtime: again, config, logger: silentLogger(), clock });
    await app.ready();
    try {
      const token = await issueToken('auditor', { key: loadSigningKey(config), now: clock.now() });
      const headers = { authorization: `Bearer ${token}` };
      const bad: string[] = [];
      for (const [caseId, expected] of expectations) {
        const audit = await app.inject({ method: 'GET', url: `/cases/${caseId}/audit`, headers });
        expect(audit.statusCode).toBe(200);
        const served = (audit.json() as Omit<AuditEntry, 'caseId'>[]).map(
          (e) => ({ ...e, caseId }) as AuditEntry,
        );
        bad.push(...compareTrail(caseId, served, expected));
        const verify = await app.inject({ method: 'GET', url: `/cases/${caseId}/audit/verify`, headers });
        const v = verify.json() as { valid: boolean; entries: number };
        if (!v.valid || v.entries !== expected.length) bad.push(`${caseId}: verify answered ${verify.body}`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
    } finally {
      await app.close();
      await again.stop();
    }
  }, 120_000);
});
