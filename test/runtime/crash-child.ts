// A desk under a steady stream of events, for the crash test: it prints `ack <case> <seq> <type>` only after
// the runtime returned, i.e. after the commit. Time runs at one simulated hour per real second, counted
// from CRASH_T0, so deadlines fall due while it runs and while it is dead.

import type { CaseEvent } from '../../machines/schemas.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { authority, operator, REPORT } from './fixtures.ts';

const t0 = Number(process.env.CRASH_T0);
let seed = Number(process.env.CRASH_SEED ?? 1);
const random = () => {
  // xorshift: a seeded source, so a failing run can be replayed
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
};
const clock = { now: () => new Date(Date.parse('2026-06-01T00:00:00Z') + (Date.now() - t0) * 3600) };
let n = 0;
const rt = await openRuntime({
  dataDir: process.env.DESK_DATA!,
  clock,
  deadlinePollMs: 5,
  ids: { caseId: () => `c${process.pid}-${++n}` },
  setting: { states: { TG: { protocolParty: true, replyWithinHours: 2 } }, countryAssessments: {} },
});
rt.startDeadlineWorker();

const SCRIPT: Array<[CaseEvent, typeof operator]> = [
  [{ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }, operator],
  [{ type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator],
  [{ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority],
  [{ type: 'BOARDING_STARTED' }, operator],
  [{ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, authority],
  [{ type: 'POSITION_REPORTED', lat: 34.6, lon: 15.4 }, operator],
];

const cases = await rt.caseIds();
async function tick() {
  if (cases.length < 10 || random() < 0.05) {
    const r = await rt.openCase(REPORT, operator);
    if (r.status === 'applied') {
      cases.push(r.view.id);
      process.stdout.write(`ack ${r.view.id} ${r.seq} CASE_OPENED\n`);
    }
  } else {
    const id = cases[Math.floor(random() * cases.length)]!;
    const [event, actor] = SCRIPT[Math.floor(random() * SCRIPT.length)]!;
    const r = await rt.applyEvent(id, event, actor);
    if (r.status === 'applied' || r.status === 'refused')
      process.stdout.write(`ack ${id} ${r.seq} ${event.type}\n`);
  }
  setTimeout(() => void tick(), 1);
}
process.stdout.write('ready\n');
void tick();
