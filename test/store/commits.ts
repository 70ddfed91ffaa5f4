// A commit as the runtime writes one, for the store tests beyond the contract (contract.ts has its own, with
// nested values for its copy checks): `count` entries after `head`, the case row at the new head, state and
// view opaque to the store.
import type { CaseRow, Commit } from '../../src/store/store.ts';

export const T0 = '2026-06-01T02:00:00.000Z';

export function commitAfter(
  caseId: string,
  head: number,
  { count = 1, ...over }: Partial<Commit> & { count?: number } = {},
): Commit {
  const last = head + count;
  const row: CaseRow = {
    id: caseId,
    kind: 'interception',
    training: false,
    status: 'open',
    openedAt: T0,
    version: last,
    headSeq: last,
    headHash: `h${last}`,
    state: { machineVersion: 1, value: 'x', context: { seq: last } } as unknown as CaseRow['state'],
    view: { version: last } as unknown as CaseRow['view'],
  };
  return {
    caseId,
    expectedHeadSeq: head,
    entries: Array.from({ length: count }, (_, i) => ({
      entry: {
        caseId,
        seq: head + 1 + i,
        at: T0,
        actor: { role: 'operator', subject: 'w' },
        type: 'POSITION_REPORTED',
        event: { type: 'POSITION_REPORTED', n: head + 1 + i },
        outcome: 'applied' as const,
        prev: `h${head + i}`,
        hash: `h${head + 1 + i}`,
      },
      view: { version: head + 1 + i } as unknown as CaseRow['view'],
    })),
    caseRow: row,
    ...over,
  };
}
