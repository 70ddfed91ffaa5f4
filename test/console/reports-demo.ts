// Demo data for the reports page and its picture in the README: scenario files replayed as live cases over the
// last four weeks by the wall clock (which the page's default window of 30 days follows), on a free port.
import { atToMinutes, minutesToAt } from '../../src/scenarios/format.ts';
import { liveDesk, replayLive, scenario } from '../reports/live-replay.ts';

const DAY = 86_400_000;

// Flag States answering at different speeds in different weeks (a file replayed at a pace: each step's time
// multiplied by it), rescues and landings, refusals of several kinds.
const DEMO: Array<[file: string, pace: number]> = [
  ['07-authorisation-with-conditions', 1.5],
  ['02-mmsi-points-elsewhere', 1.3],
  ['03-no-reply-by-deadline', 1.2],
  ['20a-boarding-without-grounds-high-seas', 1],
  ['04b-deemed-consent-cancelled-by-answer', 1],
  ['12-search-and-rescue', 1],
  ['07-authorisation-with-conditions', 1.2],
  ['11-excluded-destination', 1],
  ['02-mmsi-points-elsewhere', 1],
  ['06-distress-while-awaiting-authorisation', 1],
  ['21-third-country-not-assessed', 1],
  ['03-no-reply-by-deadline', 1],
  ['07-authorisation-with-conditions', 1],
  ['22-handover-to-patrol-boat', 1],
  ['10-search-finds-nothing', 1],
  ['02-mmsi-points-elsewhere', 0.7],
  ['29-screening-opens-duties', 1],
  ['07-authorisation-with-conditions', 0.7],
  ['09-report-results-before-closing', 1],
  ['03-no-reply-by-deadline', 0.8],
];

export interface DemoDesk {
  base: string;
  token(role: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDemoDesk(): Promise<DemoDesk> {
  const desk = await liveDesk([...new Set(DEMO.map(([file]) => file))].map(scenario));
  const now = Date.now();
  // spread over 27 days, the last starting a day before now, so that every case ends before the present
  for (const [i, [file, pace]] of DEMO.entries()) {
    const s = scenario(file);
    await replayLive(desk, desk.clock, {
      ...s,
      id: `${s.id}-${i}`,
      start: new Date(now - (1 + ((DEMO.length - 1 - i) * 26) / (DEMO.length - 1)) * DAY).toISOString(),
      steps: s.steps.map((step) => ({ ...step, at: minutesToAt(Math.round(atToMinutes(step.at) * pace)) })),
    });
  }
  desk.clock.set(new Date(now));
  await desk.app.listen({ host: '127.0.0.1', port: 0 });
  const address = desk.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the demo desk is not listening on TCP');
  return {
    base: `http://127.0.0.1:${address.port}`,
    token: async (role) => (await desk.auth(role)).authorization.replace(/^Bearer /, ''),
    close: () => desk.close(),
  };
}
