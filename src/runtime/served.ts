// What the desk serves from beside the log, held against the log (desk verify): a case's snapshot (the
// cache every answer and decision starts from) and the view each entry keeps for the stream's replay. The
// chain's hashes cover neither, so a byte changed in them (persons on board 43 to 93) would be served while
// the chain verifies; the log alone says what they must be.
import canonicalize from 'canonicalize';
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { CaseView } from '../../machines/engine.ts';
import type { LoggedEntry } from '../store/store.ts';
import type { RuntimeParts } from './parts.ts';
import { foldLog } from './snapshots.ts';

// The facts a view takes from the log as recorded: no machine version derives them differently, so an entry's
// view written by an earlier version of the law must still show them as the log does. (What the law derives,
// its required actions and legal basis, is derived again on every read of a current snapshot.)
const RECORDED: ReadonlyArray<keyof CaseView> = [
  'id',
  'version',
  'status',
  'training',
  'openedAt',
  'interceptingState',
  'unit',
  'vessel',
  'position',
  'persons',
];

const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);

// undefined when the snapshot and the entries' views are what the log says; else the first that is not
export async function servedAgainstLog(
  parts: RuntimeParts,
  caseId: string,
  logged: LoggedEntry[],
): Promise<{ seq: number; problem: string } | undefined> {
  const stored = await parts.store.loadCase(caseId);
  const last = logged.at(-1)?.entry.seq ?? 0;
  if (!stored) return last > 0 ? { seq: last, problem: 'the log has no snapshot beside it' } : undefined;
  if (stored.headSeq !== last)
    return { seq: last, problem: `the snapshot's head is seq ${stored.headSeq}, the log ends at ${last}` };
  if (stored.headHash !== logged.at(-1)?.entry.hash)
    return { seq: last, problem: "the snapshot's head hash is not the last entry's" };
  let row: Awaited<ReturnType<typeof parts.rows.loaded>>;
  try {
    row = await parts.rows.loaded(stored);
  } catch (err) {
    return { seq: last, problem: (err as Error).message };
  }
  let i = 0;
  let state: typeof row.state | undefined;
  let version = 0;
  for (const step of foldLog(parts.engine, row, logged, parts.homeState)) {
    const { entry, view } = logged[i++]!;
    ({ state, version } = step);
    const expected = parts.engine.view(step.state, step.version);
    const differs = RECORDED.find((field) => !same(view[field], expected[field]));
    if (differs)
      return { seq: entry.seq, problem: `the view this entry keeps differs from the log's in ${differs}` };
  }
  if (row.version !== version)
    return { seq: last, problem: `the snapshot says version ${row.version}, the log ${version}` };
  // a snapshot of another machine version is rebuilt from the log before it is served (snapshots.ts)
  if (row.state.machineVersion === MACHINE_VERSION && state && !same(row.state, state)) {
    const kept: Record<string, unknown> = { ...row.state.context };
    const folded: Record<string, unknown> = { ...state.context };
    const field = Object.keys(folded).find((k) => !same(kept[k], folded[k]));
    return { seq: last, problem: `the snapshot differs from the log's${field ? ` in ${field}` : ''}` };
  }
  return undefined;
}
