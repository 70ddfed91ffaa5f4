// GET /cases/:id/file.pdf: the PDF opened and read back (pdf.js) for two scenario files replayed as live
// cases: the case as it stands, its legal basis over time, every audit entry with who, when, what and the
// outcome, the refusals with their basis, the incidents, the places of safety considered; each role's copy
// holds what that role reads through the view and audit routes, and no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/runtime/types.ts';
import { liveDesk, replayLive, scenario } from './live-replay.ts';
import { pdfText } from './pdf-text.ts';

// The file's text without its page footers, which a page break puts in the middle of a sentence.
async function bodyOf(pdf: Buffer) {
  const { pages, text } = await pdfText(new Uint8Array(pdf));
  const footers = text.match(/Case \S+ · page \d+ of \d+ · produced [^·]+? UTC for \w+/g) ?? [];
  return {
    pages,
    footers,
    text: text.replace(/ ?Case \S+ · page \d+ of \d+ · produced [^·]+? UTC for \w+/g, ''),
  };
}

const CONDITIONS = '07-authorisation-with-conditions';
const EXCLUDED = '11-excluded-destination';

describe('GET /cases/:id/file.pdf', () => {
  const scenarios = [scenario(EXCLUDED), scenario(CONDITIONS)];
  let desk: Awaited<ReturnType<typeof liveDesk>>;

  beforeAll(async () => {
    desk = await liveDesk(scenarios);
    for (const s of scenarios) await replayLive(desk, desk.clock, s);
  });
  afterAll(() => desk?.close());

  const read = async (role: string, id: string) => {
    const res = await desk.app.inject({
      method: 'GET',
      url: `/cases/${id}/file.pdf`,
      headers: await desk.auth(role, `${role}-reader`),
    });
    return res;
  };
  // what the role reads of the trail through GET /cases/:id/audit (whatever its pages)
  const auditOf = async (role: 'authority' | 'auditor', id: string) =>
    (await desk.runtime.audit(id, { role, subject: `${role}-reader` })) as AuditEntry[];

  it('is a PDF holding the case, its legal basis over time and every audit entry', async () => {
    const res = await read('authority', CONDITIONS);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="case-${CONDITIONS}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, footers, text } = await bodyOf(res.rawPayload);
    expect(pages).toBeGreaterThan(1);
    expect(footers).toHaveLength(pages);
    expect(footers[0]).toBe(
      `Case ${CONDITIONS} · page 1 of ${pages} · produced 2026-09-21 22:00:00 UTC for authority`,
    );
    const entries = await auditOf('authority', CONDITIONS);
    // the cover: whose copy, when, and the chain's state with its head
    expect(text).toContain(`Case: ${CONDITIONS}`);
    expect(text).toContain('Copy for: authority (authority-reader)');
    expect(text).toContain(
      `Produced: ${desk.clock.now().toISOString().replace('T', ' ').replace('.000Z', ' UTC')}`,
    );
    expect(text).toContain(`Audit chain: intact: ${entries.length} entries, head ${entries.at(-1)!.hash}`);
    expect(text).toMatch(/Audit key thumbprint \(RFC 7638\): [A-Za-z0-9_-]{43}/);
    // as it stands
    expect(text).toContain('vessel.name: Monrovia Bay (fictional)');
    expect(text).toContain('Legal basis: flag-state-authorisation; permits board, search, measures');
    expect(text).toContain('REVIEW_LEGAL_INCIDENT');
    // over time: nothing permitted until Liberia's grant at 18:45, then its scopes
    expect(text).toContain(
      'from seq 1, 2026-09-21 16:00:00 UTC (CASE_OPENED): flag-state-authorisation; permits none',
    );
    expect(text).toMatch(
      /from seq \d+, 2026-09-21 18:45:00 UTC \(AUTHORISATION_GRANTED\): flag-state-authorisation; permits board, search, measures/,
    );
    // every entry, with who, when, what and the outcome
    for (const e of entries) {
      expect(text).toContain(`#${e.seq} ${e.type}: ${e.outcome.toUpperCase()}`);
      expect(text).toContain(`hash ${e.hash}`);
    }
    expect(text).toContain('who: authority (authority-1)');
    expect(text).toContain('who: desk (deadline-worker)');
    expect(text).toContain('conditions: [{"kind":"force-self-defence-only"}');
    // the refusals with their basis
    const refused = entries.filter((e) => e.outcome === 'refused');
    expect(refused.length).toBe(3);
    for (const e of refused) {
      expect(text).toContain(`refused: ${e.refusal!.reason}: ${e.refusal!.message}`.replace(/\s+/g, ' '));
    }
    expect(text).toContain('4. Refusals and their basis');
    expect(text).toContain('condition-breached');
    expect(text).toContain('basis: SoM art. 8(5)');
    // the incident the recorded fact opened, with its justification
    expect(text).toMatch(/INC-\d+: legal \(MEASURES_TAKEN, /);
    expect(text).toContain('justification: the master and the chief officer were found armed');
    expect(text).toContain('reviewed: not yet');
    // the places considered: the escort to Valletta, refused before the flag State was told, then applied
    expect(text).toMatch(/MEASURES_TAKEN: Valletta \(MT\): refused, condition-breached \(SoM art\. 8\(5\)\)/);
    expect(text).toMatch(/MEASURES_TAKEN: Valletta \(MT\): applied/);
  });

  it('names each excluded place with the reason and the basis of its refusal', async () => {
    const { text } = await bodyOf((await read('authority', EXCLUDED)).rawPayload);
    expect(text).toMatch(
      /PLACE_OF_SAFETY_PROPOSED: Zuwara \(LY\): refused, excluded-place \(SoM art\. 19\(1\), Refugee Convention art\. 33/,
    );
    expect(text).toMatch(/MEASURES_TAKEN: Sfax \(TN\): refused, excluded-place/);
    expect(text).toMatch(/MEASURES_TAKEN: Lampedusa \(IT\): applied/);
    expect(text).toContain('Legal basis: stateless');
    expect(text).toContain('5. Incidents none');
  });

  it("gives the auditor the auditor's reading of the case, and no case to a role that may not see it", async () => {
    const res = await read('auditor', CONDITIONS);
    expect(res.statusCode).toBe(200);
    const { text } = await bodyOf(res.rawPayload);
    expect(text).toContain('Copy for: auditor (auditor-reader)');
    // what the auditor reads through GET /cases/:id/audit, entry for entry
    for (const e of await auditOf('auditor', CONDITIONS))
      expect(text).toContain(`#${e.seq} ${e.type}: ${e.outcome.toUpperCase()}`);
    // a trainer sees training cases only: a live case is no case to it (as GET /cases/:id answers)
    expect((await read('trainer', CONDITIONS)).statusCode).toBe(404);
    expect((await read('authority', 'no-such-case')).statusCode).toBe(404);
    const unauthenticated = await desk.app.inject({ method: 'GET', url: `/cases/${CONDITIONS}/file.pdf` });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('writes names in any script, and positions with their primes', async () => {
    desk.next.id = 'unicode-1';
    const opened = await desk.runtime.openCase(
      {
        ...scenarios[0]!.opening!,
        vessel: { name: 'Αγία Ελένη', description: 'Ψαράδικο, 35°12.345′N', flag: null },
      },
      { role: 'operator', subject: 'Ólafur Þórsson' },
    );
    expect(opened.status).toBe('applied');
    const { text } = await bodyOf((await read('auditor', 'unicode-1')).rawPayload);
    expect(text).toContain('vessel.name: Αγία Ελένη');
    expect(text).toContain('Ψαράδικο, 35°12.345′N');
    expect(text).toContain('who: operator (Ólafur Þórsson)');
  });
});
