import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpeningReport } from '../../machines/schemas.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import type { Actor } from '../../src/runtime/types.ts';
import { ManualClock } from '../clock.ts';

export const operator: Actor = { role: 'operator', subject: 'watch-officer-1' };
export const authority: Actor = { role: 'authority', subject: 'central-authority-1' };
export const trainer: Actor = { role: 'trainer', subject: 'trainer-1' };
export const auditor: Actor = { role: 'auditor', subject: 'auditor-1' };

export const REPORT: OpeningReport = {
  interceptingState: 'MT',
  unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'NOUR', flag: 'TG' },
  position: { lat: 34.5, lon: 15.5 },
  personsOnBoard: 60,
  grounds: ['overcrowded', 'no port of departure declared'],
};

export { ManualClock };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'desk-test-'));
}

export function runtimeIn(dir: string, clock: ManualClock): Promise<CaseRuntime> {
  let n = 0;
  return openRuntime({
    dataDir: dir,
    clock,
    ids: { caseId: () => `case-${Date.now().toString(36)}-${++n}` },
    setting: {
      states: { TG: { protocolParty: true, replyWithinHours: 4 }, MT: { protocolParty: true } },
      countryAssessments: {},
    },
  });
}
