// Who may see, open and record what (src/policy.ts), checked against the documents rather than the code: the
// roles and who opens which case from contract.md's HTTP table, who records each event from its Events table,
// and the training rules from the sentences that state them (contract.md, Events; README, Training).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, EVENT_ROLES, type Role } from '../machines/schemas.ts';
import {
  type CaseKind,
  mayEditDirectory,
  mayOpen,
  mayRecord,
  maySee,
  mayTrain,
  ROLES,
  rolesThat,
  whoMayOpen,
  whoMayRecordAny,
} from '../src/policy.ts';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const CONTRACT = read('docs/contract.md');
const README = read('README.md');
const flat = (text: string) => text.replace(/\s+/g, ' ');

function section(title: string): string {
  const start = CONTRACT.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`docs/contract.md has no section "${title}"`);
  const end = CONTRACT.indexOf('\n## ', start + 1);
  return CONTRACT.slice(start, end < 0 ? undefined : end);
}

// the cells of each table row, split on the pipes that are not escaped inside a cell
const rows = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

const rolesIn = (cell: string) => cell.split(',').map((r) => r.trim()) as Role[];

// `desk token --role operator|authority|trainer|auditor`
const CONTRACT_ROLES = /--role ([a-z|]+)/.exec(CONTRACT)![1]!.split('|') as Role[];

// HTTP table: `POST /cases` | operator, authority | ...
const whoFor = (route: string) => {
  const row = rows(section('HTTP')).find((cells) => cells[0] === `\`${route}\``);
  if (!row) throw new Error(`contract.md's HTTP table has no ${route}`);
  return rolesIn(row[1]!);
};
const LIVE_OPENERS: Record<CaseKind, Role[]> = {
  interception: whoFor('POST /cases'),
  'incoming-request': whoFor('POST /requests'),
};

// Events table: `REGISTRY_CONFIRMED` / `REGISTRY_REFUTED` | payload | authority
const RECORDERS = new Map<string, Role[]>();
for (const cells of rows(section('Events'))) {
  for (const [, type] of cells[0]!.matchAll(/`([A-Z_]+)`/g)) RECORDERS.set(type!, rolesIn(cells.at(-1)!));
}

const LIVE = { training: false };
const TRAINING = { training: true };
const KINDS: CaseKind[] = ['interception', 'incoming-request'];

describe('the documents this test reads', () => {
  it('name the rules it checks', () => {
    expect(CONTRACT_ROLES).toEqual(['operator', 'authority', 'trainer', 'auditor']);
    expect(LIVE_OPENERS.interception.length).toBeGreaterThan(0);
    expect([...RECORDERS.keys()].sort()).toEqual([...CASE_EVENT_TYPES].sort());
    expect(flat(CONTRACT)).toContain(
      'Trainers may record any event, on training cases only; auditors record none.',
    );
    expect(flat(README)).toContain('only trainers may, and trainers may open nothing else.');
    expect(flat(README)).toContain('Trainers see only training cases, everyone else only live ones.');
  });
});

describe('ROLES', () => {
  it('are the contract roles, in its order', () => {
    expect(ROLES).toEqual(CONTRACT_ROLES);
  });

  it('rolesThat keeps that order', () => {
    expect(rolesThat((role) => role !== 'authority')).toEqual(['operator', 'trainer', 'auditor']);
  });
});

describe('maySee', () => {
  it('gives trainers training cases and nothing else', () => {
    expect(maySee({ role: 'trainer' }, TRAINING)).toBe(true);
    expect(maySee({ role: 'trainer' }, LIVE)).toBe(false);
  });

  it('never shows a training case to anyone else, and shows them, auditors included, every live one', () => {
    for (const role of ROLES.filter((r) => r !== 'trainer')) {
      expect(maySee({ role }, TRAINING), role).toBe(false);
      expect(maySee({ role }, LIVE), role).toBe(true);
    }
  });
});

describe('mayOpen', () => {
  it('lets open a live case exactly the roles the HTTP table names for its route', () => {
    for (const kind of KINDS) {
      for (const role of ROLES) {
        expect(mayOpen(role, kind, LIVE), `${role} ${kind}`).toBe(LIVE_OPENERS[kind].includes(role));
      }
    }
    expect(LIVE_OPENERS['incoming-request']).toEqual(['authority']);
  });

  it('leaves a training case of either kind to trainers alone', () => {
    for (const kind of KINDS) {
      expect(
        rolesThat((role) => mayOpen(role, kind, TRAINING)),
        kind,
      ).toEqual(['trainer']);
    }
  });

  it('lets a trainer open nothing live and an auditor nothing at all', () => {
    for (const kind of KINDS) {
      expect(mayOpen('trainer', kind, LIVE), kind).toBe(false);
      expect(mayOpen('auditor', kind, LIVE), kind).toBe(false);
      expect(mayOpen('auditor', kind, TRAINING), kind).toBe(false);
    }
  });

  it('names who may open a kind, live, training or either, for a 403', () => {
    expect(whoMayOpen('interception', LIVE)).toEqual(['operator', 'authority']);
    expect(whoMayOpen('interception', TRAINING)).toEqual(['trainer']);
    expect(whoMayOpen('interception')).toEqual(['operator', 'authority', 'trainer']);
    expect(whoMayOpen('incoming-request')).toEqual(['authority', 'trainer']);
  });
});

describe('mayRecord', () => {
  it('on a live case, lets each role record exactly the events the contract gives it', () => {
    for (const [type, recorders] of RECORDERS) {
      for (const role of ['operator', 'authority'] as const) {
        expect(mayRecord(role, type, LIVE, EVENT_ROLES), `${role} ${type}`).toBe(recorders.includes(role));
      }
    }
  });

  it('lets an auditor record nothing, on any case', () => {
    for (const type of RECORDERS.keys()) {
      expect(mayRecord('auditor', type, LIVE, EVENT_ROLES), type).toBe(false);
      expect(mayRecord('auditor', type, TRAINING, EVENT_ROLES), type).toBe(false);
    }
  });

  it('lets a trainer record any event on a training case and none on a live one', () => {
    for (const type of RECORDERS.keys()) {
      expect(mayRecord('trainer', type, TRAINING, EVENT_ROLES), type).toBe(true);
      expect(mayRecord('trainer', type, LIVE, EVENT_ROLES), type).toBe(false);
    }
  });

  it('lets no live role record on a training case, not even its own events', () => {
    for (const [type, recorders] of RECORDERS) {
      for (const role of recorders) expect(mayRecord(role, type, TRAINING, EVENT_ROLES), type).toBe(false);
    }
  });

  it('refuses an event the table does not know, except to a trainer on a training case', () => {
    expect(mayRecord('operator', 'NOT_AN_EVENT', LIVE, EVENT_ROLES)).toBe(false);
    expect(mayRecord('authority', 'NOT_AN_EVENT', LIVE, EVENT_ROLES)).toBe(false);
    expect(mayRecord('trainer', 'NOT_AN_EVENT', TRAINING, EVENT_ROLES)).toBe(true);
  });

  it('reads the table it is given', () => {
    const table = { SOME_EVENT: ['authority'] as Role[] };
    expect(mayRecord('authority', 'SOME_EVENT', LIVE, table)).toBe(true);
    expect(mayRecord('operator', 'SOME_EVENT', LIVE, table)).toBe(false);
  });

  it('names everyone who may record something: all but the auditor', () => {
    expect(whoMayRecordAny(EVENT_ROLES)).toEqual(['operator', 'authority', 'trainer']);
  });
});

describe('the directory and training sessions', () => {
  // the directory holds what COUNTRY_ASSESSED records on a case, which the contract gives the authority
  it('leave the directory to the authority', () => {
    expect(RECORDERS.get('COUNTRY_ASSESSED')).toEqual(['authority']);
    expect(rolesThat(mayEditDirectory)).toEqual(['authority']);
  });

  it('leave training sessions to trainers', () => {
    expect(rolesThat(mayTrain)).toEqual(['trainer']);
  });
});
