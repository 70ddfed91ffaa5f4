// A case driven through the engine with contract.md events on a fixed timeline. Zones come from a small
// table so each test says where the vessel is in words; real geography is tested in test/geo.
import { addMinutes } from 'date-fns';
import { expect } from 'vitest';
import { createEngine, deadlinesDueBy, type PersistedCase } from '../../machines/engine.ts';
import type {
  CaseEvent,
  DeskEvent,
  OpeningReport,
  SecurityCouncilAuthorisation,
  Setting,
  Zone,
} from '../../machines/schemas.ts';
import { isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';
import { checkDecision, checkView } from './contract-shape.ts';

export const START = '2026-06-01T02:00:00.000Z';

// Positions named by where they are; the classifier below answers for them.
export const AT = {
  highSeas: { lat: 34.5, lon: 15.5 },
  maltaTerritorialSea: { lat: 35.85, lon: 14.6 },
  maltaContiguousZone: { lat: 35.9, lon: 14.93 },
  italyTerritorialSea: { lat: 35.6, lon: 12.6 },
  tunisiaTerritorialSea: { lat: 36.85, lon: 11.2 },
  libyaTerritorialSea: { lat: 32.98, lon: 13.18 },
  tunisiaContiguousZone: { lat: 37.2, lon: 11.4 },
} as const;

const ZONES: Record<string, Zone> = {
  '34.5,15.5': { zone: 'beyond', states: [] },
  '35.85,14.6': { zone: 'territorial-sea', state: 'MT', states: ['MT'] },
  '35.6,12.6': { zone: 'territorial-sea', state: 'IT', states: ['IT'] },
  '36.85,11.2': { zone: 'territorial-sea', state: 'TN', states: ['TN'] },
  '32.98,13.18': { zone: 'territorial-sea', state: 'LY', states: ['LY'] },
};

export const classifyZone = (p: { lat: number; lon: number }, setting: Setting): Zone => {
  const key = `${p.lat},${p.lon}`;
  if (key === '35.9,14.93')
    return setting.states.MT?.contiguousZoneNm
      ? { zone: 'contiguous-zone', state: 'MT', states: ['MT'] }
      : { zone: 'beyond', states: [] };
  if (key === '37.2,11.4')
    return setting.states.TN?.contiguousZoneNm
      ? { zone: 'contiguous-zone', state: 'TN', states: ['TN'] }
      : { zone: 'beyond', states: [] };
  return ZONES[key] ?? { zone: 'beyond', states: [] };
};

export const engine = createEngine({ classifyZone, vesselChecks: { parseMmsi, isValidImo } });

export const PATROL = { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true };

export function opening(over: Partial<OpeningReport> = {}): OpeningReport {
  return {
    interceptingState: 'MT',
    unit: PATROL,
    vessel: { name: 'NOUR', flag: 'TG' },
    position: AT.highSeas,
    personsOnBoard: 60,
    grounds: ['overcrowded', 'no port of departure declared'],
    ...over,
  };
}

export const EMPTY: Setting = { states: {}, countryAssessments: {} };

export class Case {
  state: PersistedCase;
  minute = 0;
  last: ReturnType<typeof engine.apply> | undefined;
  constructor(
    open: OpeningReport = opening(),
    readonly setting: Setting = EMPTY,
  ) {
    this.state = engine.open({ id: 'case-1', at: START, setting, opening: open });
  }
  static incoming(
    request: Parameters<typeof engine.openIncoming>[0]['request'],
    setting: Setting = EMPTY,
    homeState = 'TG',
  ) {
    const c = new Case(opening(), setting);
    c.state = engine.openIncoming({ id: 'req-1', at: START, setting, request, homeState });
    return c;
  }
  at(minute: number): string {
    return addMinutes(new Date(START), minute).toISOString();
  }
  // Applies an event `minutes` after the previous one, first firing every deadline due by then.
  send(event: DeskEvent, minutes = 1) {
    this.minute += minutes;
    this.advanceTo(this.minute);
    this.last = engine.apply(this.state, event, this.at(this.minute));
    this.state = this.last.state;
    // every decision and every view a test makes says its rule and basis in the contract's words
    checkDecision(this.last.decision, event.type);
    checkView(this.view, `after ${event.type}`);
    return this.last.decision;
  }
  advanceTo(minute: number) {
    this.minute = minute;
    const now = this.at(minute);
    for (;;) {
      const due = deadlinesDueBy(engine.pendingDeadlines(this.state), now)[0];
      if (!due) break;
      const ev: DeskEvent = { type: 'DEADLINE_PASSED', deadlineId: due.id };
      this.state = engine.apply(this.state, ev, due.dueAt).state;
    }
  }
  get view() {
    return engine.view(this.state, 1);
  }
  get actions(): string[] {
    return this.view.requiredActions.map((a) => a.code);
  }
  action(code: string) {
    return this.view.requiredActions.find((a) => a.code === code);
  }
  get basis() {
    return this.view.legalBasis;
  }
  get warnings(): string[] {
    return this.view.warnings.map((w) => w.code);
  }
}

export const ALL_SCOPES = ['board', 'search', 'measures'] as const;

// The overrides a test records a step with (contract.md, `override`).
export const recordedFact = (
  justification = 'it happened before the desk was asked; recorded for review',
) => ({
  kind: 'recorded-fact' as const,
  justification,
});
export const imminentDanger = (justification = 'persons in the water; the step is needed to save life') => ({
  kind: 'imminent-danger' as const,
  justification,
});

// A country assessment on record, safe or unsafe, and a setting with only what a test adds to it.
export const assessment = (unsafe: boolean) => ({
  unsafe,
  source: 'central authority country file (test)',
  date: '2026-05-01',
});
export const setting = (over: Partial<Setting> = {}): Setting => ({
  states: {},
  countryAssessments: {},
  ...over,
});

// A case opened at another moment than START (a replay of a 2015 or 2016 interception).
export class CaseAt extends Case {
  constructor(
    private readonly startAt: string,
    open: OpeningReport,
    s: Setting,
  ) {
    super(open, s);
    this.state = engine.open({ id: 'case-1', at: startAt, setting: s, opening: open });
  }
  override at(minute: number): string {
    return new Date(Date.parse(this.startAt) + minute * 60_000).toISOString();
  }
}

// Applies an event at an absolute minute after START (deadlines due by then fire first); it must be applied.
export function appliedAt(c: Case, minute: number, event: CaseEvent): ReturnType<Case['send']> {
  const d = c.send(event, minute - c.minute);
  expect(d, `${event.type} at +${minute} min is applied`).toMatchObject({ outcome: 'applied' });
  return d;
}

// The view's deadlines without their ids (the contract names no id format), in time order.
export const deadlinesOf = (c: Case) =>
  c.view.deadlines
    .map(({ about, dueAt }) => ({ about, dueAt }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.about.localeCompare(b.about));

// A Security Council authorisation (row 8b) whose area holds AT.highSeas (34.5N 15.5E), in force all 2026.
export const securityCouncilResolution = (
  over: Partial<SecurityCouncilAuthorisation> = {},
): SecurityCouncilAuthorisation => ({
  resolution: '9999 (2026)',
  // [lon, lat]
  area: {
    type: 'Polygon',
    coordinates: [
      [
        [15, 34],
        [16, 34],
        [16, 35],
        [15, 35],
        [15, 34],
      ],
    ],
  },
  from: '2026-01-01T00:00:00.000Z',
  until: '2027-01-01T00:00:00.000Z',
  scopes: ['board', 'search'],
  measures: ['seize-vessel'],
  ...over,
});
